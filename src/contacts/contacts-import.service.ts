import { Injectable } from '@nestjs/common';

import { invalidBody } from '../common/problem';
import { Queryable, Sql } from '../database/sql';
import { DuplicateRow, planContactImport, readContactHeader, RejectedRow } from './contact-csv';
import { ContactsService } from './contacts.service';
import { parseCsv } from './csv.parser';
import { tooLarge } from './csv-upload';

/** Beyond this a request is refused (413): one upload stays within a few seconds and one answer. */
export const MAX_IMPORT_ROWS = 50_000;

/**
 * Rows per transaction. Each batch commits on its own so a big file never holds locks on tens of
 * thousands of contacts that events are updating at the same time; a file that fails halfway can
 * simply be sent again, since the import is an upsert.
 */
export const IMPORT_BATCH_SIZE = 1_000;

/** What an import did (or, in a dry run, would do). rows = imported + updated + rejected + duplicates. */
export interface ContactImportReport {
  dryRun: boolean;
  rows: number;
  /** Contacts created. */
  imported: number;
  /** Contacts that existed and were updated. */
  updated: number;
  rejected: RejectedRow[];
  duplicates: DuplicateRow[];
}

@Injectable()
export class ContactsImportService {
  constructor(
    private readonly db: Sql,
    private readonly contacts: ContactsService,
  ) {}

  /** Parses, validates row by row, then upserts the valid rows in file order. The header is checked before anything is written. */
  async importCsv(workspaceId: string, text: string, options: { dryRun: boolean }): Promise<ContactImportReport> {
    const [header, ...records] = parseCsv(text).records;
    if (!header)
      throw invalidBody([{ path: '(header)', message: 'The file is empty.' }], 'The first line must name the columns.');
    if (header.problem)
      throw invalidBody([{ path: '(header)', message: header.problem }], 'The header line is malformed.');
    const read = readContactHeader(header.cells);
    if ('errors' in read) throw invalidBody(read.errors, headerDetail(read.errors));
    if (records.length > MAX_IMPORT_ROWS) {
      throw tooLarge(
        `The file has ${records.length} rows; at most ${MAX_IMPORT_ROWS} are accepted per upload. Split it into several files.`,
      );
    }

    const plan = planContactImport(read.columns, records);
    let imported = 0;
    let updated = 0;
    for (let i = 0; i < plan.valid.length; i += IMPORT_BATCH_SIZE) {
      const batch = plan.valid.slice(i, i + IMPORT_BATCH_SIZE);
      // A repeat of an externalId from an earlier row is neither created nor updated again in the counts.
      const firstIds = batch.filter((row) => !row.repeat).map((row) => row.input.externalId);
      const write = async (tx: Queryable) => {
        const existing = await this.contacts.countExisting(workspaceId, firstIds, tx);
        if (!options.dryRun)
          await this.contacts.upsertMany(
            tx,
            batch.map((row) => ({ workspaceId, input: row.input })),
          );
        imported += firstIds.length - existing;
        updated += existing;
      };
      await (options.dryRun ? write(this.db) : this.db.transaction(write));
    }
    return {
      dryRun: options.dryRun,
      rows: plan.rows,
      imported,
      updated,
      rejected: plan.rejected,
      duplicates: plan.duplicates,
    };
  }
}

function headerDetail(errors: Array<{ path: string }>): string {
  return `The header has columns that cannot be imported: ${errors.map((e) => e.path).join(', ')}. Nothing was imported.`;
}
