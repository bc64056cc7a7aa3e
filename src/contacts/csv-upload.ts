import type { IncomingMessage } from 'node:http';

import { HttpStatus } from '@nestjs/common';

import { Problem } from '../common/problem';

/** 10 MB holds about 50,000 contacts of ordinary width; the app's JSON parser stops at 1 MB. */
export const MAX_CSV_BYTES = 10 * 1024 * 1024;

const unsupported = (detail: string) =>
  new Problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'Unsupported media type', detail, undefined, 'unsupported-media-type');

export const tooLarge = (detail: string) =>
  new Problem(HttpStatus.PAYLOAD_TOO_LARGE, 'Request body too large', detail, undefined, 'too-large');

/**
 * The raw body of a `text/csv` upload as text. Read here rather than by a global body parser so
 * the 10 MB limit and its 413 apply to this route only. An oversized body is still read to its
 * end (and dropped) before answering, as body-parser does, so the client sees the 413 instead of
 * a connection reset while it is still sending.
 */
export async function readCsvUpload(req: IncomingMessage, maxBytes = MAX_CSV_BYTES): Promise<string> {
  const [mediaType, ...params] = (req.headers['content-type'] ?? '').split(';').map((p) => p.trim().toLowerCase());
  if (mediaType !== 'text/csv')
    throw unsupported('Send the file as the request body with Content-Type: text/csv (not a multipart form).');
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8')
    throw unsupported(`The file must be UTF-8, not ${charset}.`);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity')
    throw unsupported(`Content-Encoding ${encoding} is not supported; send the file uncompressed.`);

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes)
    throw tooLarge(`The file is larger than ${maxBytes / (1024 * 1024)} MB; split it into several uploads.`);
  try {
    // The BOM is kept for the CSV parser, which strips it itself.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.concat(chunks));
  } catch {
    throw unsupported('The file is not valid UTF-8. In Excel, save it as "CSV UTF-8 (Comma delimited)".');
  }
}
