import { readFileSync } from 'node:fs';

import { initWasm, Resvg } from '@resvg/resvg-wasm';

let ready: Promise<void> | null = null;

/** resvg's WebAssembly module, loaded once per process on the first digest (about 2.5 MB, no native build). */
function init(): Promise<void> {
  ready ??= initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
  return ready;
}

/**
 * The trend as a PNG: mail clients that show no SVG (Gmail, Outlook) show a PNG attached inline.
 * The picture has no text, so no fonts are loaded.
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  await init();
  const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  try {
    return Buffer.from(image.asPng());
  } finally {
    image.free();
  }
}
