import type { ServerResponse } from 'node:http';

import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { streamPages } from '../common/http-stream';
import { LOGGER } from '../common/logger';
import { invalidBody, unknownFilter } from '../common/problem';
import { isScaleType } from '../surveys/survey-definition';
import { ExportQuery } from './export-query';
import { csvEncoder, ndjsonEncoder, QuestionColumns, questionColumns } from './response-export.mapper';
import { ExportPageRow, ResponsesExportRepository } from './responses-export.repository';
import { ExportPosition } from './responses-export.sql-builder';

/**
 * Rows per page. Each page is one short query on a pooled connection, so a slow client holds no
 * connection while it reads; two pages (the one being written, the one read ahead) are the memory.
 */
export const EXPORT_PAGE_SIZE = 2000;

/** A checked export, ready to stream: nothing has been written yet. */
export interface ExportPlan {
  query: ExportQuery;
  /** The database's clock when the export began: later responses are left out, so the export ends. */
  startedAt: Date;
  until: string;
  columns: QuestionColumns[];
}

@Injectable()
export class ResponsesExportService {
  constructor(
    private readonly exports: ResponsesExportRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** Checks what the query names (404 campaign, 422 question) and finds the CSV's question columns: one cheap query. */
  async plan(query: ExportQuery): Promise<ExportPlan> {
    const row = await this.exports.plan(query.workspaceId, query.campaignId ?? null);
    if (query.campaignId && !row.campaign_found) throw unknownFilter('campaignId', 'Campaign');
    const scoreQuestion = query.score?.questionId;
    if (scoreQuestion && !row.questions.some((q) => q.id === scoreQuestion && isScaleType(q.type))) {
      throw invalidBody(
        [{ path: 'questionId', message: `No NPS, CSAT or CES question "${scoreQuestion}" in the surveys exported` }],
        'The score range applies to a question these surveys do not ask on a scale.',
      );
    }
    return { query, startedAt: row.started_at, until: row.until, columns: questionColumns(row.questions) };
  }

  /**
   * Writes the export to `res`. The first page is read before the status line, so a database
   * failure up to there is still a 500 problem; after it, a failure cuts the connection (no final
   * chunk), which clients report as an incomplete download rather than a short file.
   */
  async stream(plan: ExportPlan, res: ServerResponse): Promise<void> {
    const encoder = plan.query.format === 'csv' ? csvEncoder(plan.columns, plan.query.bom) : ndjsonEncoder();
    const first = await this.readPage(plan);
    res.writeHead(200, {
      'content-type': encoder.contentType,
      'content-disposition': `attachment; filename="responses-${plan.startedAt.toISOString().slice(0, 10)}.${encoder.extension}"`,
      // Names, emails and phone numbers: no shared cache may keep a copy.
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    try {
      await streamPages(res, encoder.head, this.pages(plan, first), encoder.page);
    } catch (err) {
      this.log.error({ err }, 'response export failed while streaming');
      res.destroy(err as Error);
    }
  }

  /** Pages in (created_at, id) order, oldest first; the next page's query runs while this one is written. */
  private async *pages(plan: ExportPlan, first: ExportPageRow[]): AsyncGenerator<ExportPageRow[]> {
    let page = first;
    for (;;) {
      const last = page[page.length - 1];
      const next = page.length === EXPORT_PAGE_SIZE ? this.readPage(plan, last) : undefined;
      // Marks the read-ahead handled: when the client leaves it finishes unobserved; awaited below it still throws.
      next?.catch(() => undefined);
      if (page.length) yield page;
      if (!next) return;
      page = await next;
    }
  }

  private readPage(plan: ExportPlan, after?: ExportPosition): Promise<ExportPageRow[]> {
    return this.exports.page(plan.query, plan.until, EXPORT_PAGE_SIZE, after);
  }
}
