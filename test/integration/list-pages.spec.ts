import { randomBytes } from 'node:crypto';

import { ResponseFollowUpService } from '../../src/alerts/response-follow-up.service';
import { QueueService } from '../../src/queue/queue.service';
import { supportSurvey } from '../support/fixtures';
import { seedResponse } from '../support/seed-responses';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { expectProblem } from './api-helpers';

interface Item {
  id: string;
  createdAt?: string;
  receivedAt?: string;
}

/** Every list pages with `limit` and an opaque `cursor` and answers `nextCursor`; newest first, nothing skipped or repeated. */
describe('list pages', () => {
  let t: TestApp;
  let key: string;
  let workspaceId: string;
  let campaignId: string;
  let contactId: string;

  /** Follows nextCursor from the first page to the last; returns the pages' ids in order. */
  async function walk(path: string, limit: number, items: (body: any) => Item[] = (b) => b.data): Promise<Item[][]> {
    const pages: Item[][] = [];
    let cursor: string | null | undefined;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await t.api(
        'GET',
        `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { key },
      );
      expect(res.status).toBe(200);
      pages.push(items(res.body));
      expect(pages.length).toBeLessThan(100);
      cursor = res.body.nextCursor;
    } while (cursor);
    return pages;
  }

  /** Pages of `limit` (the last one shorter or full), every item once, newest first. */
  function expectPaged(pages: Item[][], total: number, limit: number, time: (i: Item) => string | undefined) {
    const all = pages.flat();
    expect(all).toHaveLength(total);
    expect(new Set(all.map((i) => i.id)).size).toBe(total);
    pages.slice(0, -1).forEach((p) => expect(p).toHaveLength(limit));
    expect(pages.at(-1)!.length).toBeGreaterThan(0);
    const times = all.map((i) => Date.parse(time(i)!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  }

  beforeAll(async () => {
    t = await startTestApp({
      SECRETS_KEY: randomBytes(32).toString('hex'),
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
    });
    await t.app.get(QueueService).stopPeriodic('alerts.follow-up');
    ({ apiKey: key, workspaceId } = await t.workspace());

    // 120 contacts in one import: one statement, one created_at, so only the id orders them.
    const csv = ['externalId,email', ...Array.from({ length: 120 }, (_, i) => `p-${i},p${i}@example.com`)].join('\n');
    const imported = await fetch(`${t.baseUrl}/v1/contacts/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(((await imported.json()) as { imported: number }).imported).toBe(120);

    const surveys = [];
    for (let i = 0; i < 3; i++) {
      surveys.push((await t.api('POST', '/v1/surveys', { key, body: { ...supportSurvey, name: `S${i}` } })).body.id);
    }
    for (let i = 0; i < 3; i++) {
      const c = await t.api('POST', '/v1/campaigns', {
        key,
        body: { name: `C${i}`, surveyId: surveys[0], trigger: { eventType: `list.${i}` }, channel: 'email' },
      });
      expect(c.status).toBe(201);
      if (i === 0) campaignId = c.body.id;
    }
    await t.api('POST', `/v1/campaigns/${campaignId}/status`, { key, body: { status: 'active' } });
    for (let i = 0; i < 2; i++) await t.api('POST', '/v1/api-keys', { key, body: { name: `K${i}`, scope: 'ingest' } });
    for (let i = 0; i < 3; i++) {
      const e = await t.api('POST', '/v1/webhook-endpoints', {
        key,
        body: { url: `http://127.0.0.1:9/hook-${i}`, eventTypes: ['alert.created'] },
      });
      expect(e.status).toBe(201);
    }
    // One contact's history: five events (the first schedules an invitation, fatigue skips the rest).
    for (let i = 0; i < 5; i++) {
      const posted = await t.api('POST', '/v1/events', {
        key,
        body: { type: 'list.0', id: `hist-${i}`, contact: { externalId: 'history', email: 'h@example.com' } },
      });
      expect(posted.status).toBe(202);
    }
    [{ id: contactId }] = await t.db.query(`SELECT id FROM contacts WHERE external_id = 'history'`);
    // Seven completed detractor responses mentioning the queue: responses, alerts and text search.
    const [v] = await t.db.query(`SELECT id FROM survey_versions WHERE survey_id = $1`, [surveys[0]]);
    for (let i = 0; i < 7; i++) {
      const { responseId } = await seedResponse(
        t,
        { workspaceId, campaignId, versionId: v.id },
        {
          team: 'billing',
          nps: 2,
          why: `The queue was long (${i})`,
          at: new Date(Date.now() - i * 1000).toISOString(),
        },
      );
      await t.db.query(`UPDATE responses SET completed = true, completed_at = created_at WHERE id = $1`, [responseId]);
    }
    // A follow-up run already under way when the loop was paused may hold some of them a moment.
    await eventually(async () => {
      await t.app.get(ResponseFollowUpService).drain();
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM alerts WHERE workspace_id = $1`, [workspaceId]);
      return n === 7;
    });
  }, 60_000);

  afterAll(() => t?.close());

  it('pages contacts past the old cap of 100, ties on created_at broken by id', async () => {
    const first = await t.api('GET', '/v1/contacts', { key });
    expect(first.body.data).toHaveLength(50);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1`, [workspaceId]);
    expect(n).toBeGreaterThan(120);
    const pages = await walk('/v1/contacts', 50);
    expect(pages.map((p) => p.length)).toEqual([50, 50, n - 100]);
    expectPaged(pages, n, 50, (c) => c.createdAt);
  });

  it('pages a filtered contact list too', async () => {
    const pages = await walk('/v1/contacts?email=p7@example.com', 1);
    expect(pages.flat().map((c: any) => c.externalId)).toEqual(['p-7']);
  });

  it.each<[string, number, number]>([
    ['/v1/surveys', 3, 2],
    ['/v1/campaigns', 3, 2],
    ['/v1/api-keys', 3, 2],
    ['/v1/webhook-endpoints', 3, 2],
    ['/v1/responses', 7, 3],
    ['/v1/alerts', 7, 3],
  ])('pages %s (%i items, %i a page), newest first', async (path, total, limit) => {
    const pages = await walk(path, limit);
    expectPaged(pages, total, limit, (i) => i.createdAt);
    // The default page holds them all, with no cursor.
    expect((await t.api('GET', path, { key })).body).toMatchObject({ nextCursor: null });
  });

  it('pages text search with the same cursor', async () => {
    const pages = await walk('/v1/text/search?q=queue', 3, (b) =>
      b.data.map((m: { responseId: string; createdAt: string }) => ({ id: m.responseId, createdAt: m.createdAt })),
    );
    expectPaged(pages, 7, 3, (i) => i.createdAt);
  });

  it("pages a contact's decision log: events and invitations under one cursor", async () => {
    const [{ events, invitations }] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM events WHERE contact_id = $1) AS events,
              (SELECT count(*)::int FROM invitations WHERE contact_id = $1) AS invitations`,
      [contactId],
    );
    expect(events).toBe(5);
    expect(invitations).toBeGreaterThan(0);
    const pages: any[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.api(
        'GET',
        `/v1/contacts/${contactId}/decisions?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { key },
      );
      expect(res.status).toBe(200);
      pages.push(res.body);
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 10);
    // Each list two a page until it runs out; the cursor lasts while either has more.
    expect(pages.map((p) => p.events.length)).toEqual([2, 2, 1]);
    const listed = (k: 'events' | 'invitations') => pages.flatMap((p) => p[k]) as Item[];
    for (const [k, total] of [
      ['events', events],
      ['invitations', invitations],
    ] as const) {
      expect(new Set(listed(k).map((i) => i.id)).size).toBe(total);
      expect(listed(k)).toHaveLength(total);
      pages.forEach((p) => expect(p[k].length).toBeLessThanOrEqual(2));
    }
    const times = listed('events').map((e) => Date.parse(e.receivedAt!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it.each<[string, string]>([
    ['/v1/contacts?limit=0', 'limit'],
    ['/v1/contacts?limit=501', 'limit'],
    ['/v1/surveys?limit=ten', 'limit'],
    ['/v1/campaigns?cursor=not-a-cursor', 'cursor'],
    ['/v1/api-keys?cursor=c1.bm9wZQ', 'cursor'],
    ['/v1/webhook-endpoints?limit=1.5', 'limit'],
    ['/v1/responses?cursor=', 'cursor'],
    ['/v1/alerts?cursor=c1.' + Buffer.from('[1,2]').toString('base64url'), 'cursor'],
  ])('answers %s with 400 naming %s', async (path, field) => {
    expectProblem(await t.api('GET', path, { key }), 400, [field]);
  });

  it("refuses a cursor from another list's kind (the decision log's on contacts)", async () => {
    const log = await t.api('GET', `/v1/contacts/${contactId}/decisions?limit=1`, { key });
    expect(log.body.nextCursor).toEqual(expect.any(String));
    const res = await t.api('GET', `/v1/contacts?cursor=${encodeURIComponent(log.body.nextCursor)}`, { key });
    expectProblem(res, 400, ['cursor']);
  });

  it('keeps a page stable while newer rows arrive: the next page continues where the last ended', async () => {
    const first = await t.api('GET', '/v1/campaigns?limit=2', { key });
    const c = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'Newer', surveyId: first.body.data[0].surveyId, trigger: { eventType: 'list.new' } },
    });
    const rest = await t.api('GET', `/v1/campaigns?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, {
      key,
    });
    const seen = [...first.body.data, ...rest.body.data].map((x: Item) => x.id);
    expect(seen).not.toContain(c.body.id);
    expect(new Set(seen).size).toBe(3);
    expect(rest.body.nextCursor).toBeNull();
  });
});
