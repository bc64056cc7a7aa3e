import { startTestApp, TestApp } from '../support/test-app';
import { expectProblem } from './api-helpers';

/** POST /v1/contacts/import on the real app and database: CSV in, contacts upserted, a report by line number out. */
describe('contacts CSV import', () => {
  let t: TestApp;
  let a: { workspaceId: string; apiKey: string };
  let b: { workspaceId: string; apiKey: string };

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.workspace('A');
    b = await t.workspace('B');
  });

  afterAll(() => t?.close());

  const upload = (csv: string, options: { key?: string; query?: string; contentType?: string } = {}) =>
    t.api('POST', `/v1/contacts/import${options.query ?? ''}`, {
      key: options.key ?? a.apiKey,
      body: csv,
      headers: { 'content-type': options.contentType ?? 'text/csv' },
    });

  const contact = async (workspaceId: string, externalId: string) => {
    const [row] = await t.db.query(
      `SELECT email, phone, name, locale, timezone, attributes FROM contacts WHERE workspace_id = $1 AND external_id = $2`,
      [workspaceId, externalId],
    );
    return row;
  };

  const countIn = async (workspaceId: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1`, [workspaceId]))[0].n;

  it('creates contacts, then updates them on re-import with attributes merged and empty cells keeping stored values', async () => {
    const first = [
      'externalId,email,phone,country,name,locale,timezone,attributes.plan,attributes.region',
      'good-1,Anna@Example.com,040 1234567,FI,Anna,fi-FI,Europe/Helsinki,gold,south',
      'good-2,bo@example.se,+46701234567,,Bo,sv-SE,Europe/Stockholm,silver,',
      'good-3,,,,,,,,',
    ].join('\r\n');
    const created = await upload(first);
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ dryRun: false, rows: 3, imported: 3, updated: 0, rejected: [], duplicates: [] });
    expect(await contact(a.workspaceId, 'good-1')).toEqual({
      email: 'anna@example.com',
      phone: '+358401234567',
      name: 'Anna',
      locale: 'fi-FI',
      timezone: 'Europe/Helsinki',
      attributes: { plan: 'gold', region: 'south' },
    });

    const again = [
      'externalId,email,attributes.plan,attributes.segment',
      'good-1,,platinum,vip',
      'good-4,d@example.com,,',
    ].join('\n');
    const updated = await upload(again);
    expect(updated.body).toMatchObject({ rows: 2, imported: 1, updated: 1, rejected: [] });
    expect(await contact(a.workspaceId, 'good-1')).toMatchObject({
      email: 'anna@example.com',
      phone: '+358401234567',
      attributes: { plan: 'platinum', region: 'south', segment: 'vip' },
    });
  });

  it('reports each bad row by its physical line with the field, and imports the good ones', async () => {
    const csv = [
      'externalId,email,phone,country,name,timezone', //                                 line 1
      'bad-ok-1,ok1@example.com,,,"Multi', //                                            line 2
      'line, ""quoted"" name",', //                                                      line 3 (same record)
      'bad-email,not-an-email,,,,', //                                                   line 4
      '', //                                                                             line 5 (blank)
      'bad-phone,,12345,,,', //                                                          line 6
      'bad-tz,,,,,Europe/Atlantis', //                                                   line 7
      ',nobody@example.com,,,,', //                                                      line 8
      'bad-ok-2,,0401234567,FI,,Europe/Helsinki', //                                     line 9
    ].join('\n');
    const res = await upload(csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 6, imported: 2, updated: 0, duplicates: [] });
    expect(res.body.rejected).toEqual([
      { line: 4, externalId: 'bad-email', errors: [{ path: 'email', message: expect.any(String) }] },
      { line: 6, externalId: 'bad-phone', errors: [{ path: 'phone', message: expect.any(String) }] },
      { line: 7, externalId: 'bad-tz', errors: [{ path: 'timezone', message: expect.stringContaining('IANA') }] },
      { line: 8, errors: [{ path: 'externalId', message: expect.any(String) }] },
    ]);
    expect(await contact(a.workspaceId, 'bad-ok-1')).toMatchObject({ name: 'Multi\nline, "quoted" name' });
    expect(await contact(a.workspaceId, 'bad-ok-2')).toMatchObject({ phone: '+358401234567' });
    expect(await contact(a.workspaceId, 'bad-email')).toBeUndefined();
  });

  it('reads a semicolon-separated file with a BOM and CRLF (Excel in a Finnish locale)', async () => {
    const csv =
      '\uFEFFexternalId;name;attributes.city\r\nsemi-1;"Virtanen; Matti";Helsinki\r\nsemi-2;Åsa Öberg;Turku\r\n';
    const res = await upload(csv, { contentType: 'text/csv; charset=utf-8' });
    expect(res.body).toMatchObject({ rows: 2, imported: 2, rejected: [] });
    expect(await contact(a.workspaceId, 'semi-1')).toMatchObject({
      name: 'Virtanen; Matti',
      attributes: { city: 'Helsinki' },
    });
    expect(await contact(a.workspaceId, 'semi-2')).toMatchObject({ name: 'Åsa Öberg' });
  });

  it('applies a repeated externalId in file order and lists the later row as a duplicate', async () => {
    const res = await upload('externalId,email,attributes.plan\ndup-1,first@example.com,gold\ndup-1,,silver\n');
    expect(res.body).toMatchObject({
      rows: 2,
      imported: 1,
      updated: 0,
      rejected: [],
      duplicates: [{ line: 3, externalId: 'dup-1', firstLine: 2 }],
    });
    expect(await contact(a.workspaceId, 'dup-1')).toMatchObject({
      email: 'first@example.com',
      attributes: { plan: 'silver' },
    });
  });

  it('refuses unknown columns with 422 naming them, before importing any row', async () => {
    const before = await countIn(a.workspaceId);
    const res = await upload('externalId,emial,attr.plan,email\nunknown-1,a@example.com,gold,a@example.com\n');
    expectProblem(res, 422, ['emial', 'attr.plan']);
    expect(res.body.detail).toContain('emial');
    expect(await countIn(a.workspaceId)).toBe(before);
  });

  it.each<[string, string, string]>([
    ['JSON', 'application/json', '{"externalId": "x-1"}'],
    [
      'a multipart form',
      'multipart/form-data; boundary=x',
      '--x\r\ncontent-disposition: form-data; name="file"\r\n\r\nexternalId\r\n--x--\r\n',
    ],
    ['another charset', 'text/csv; charset=windows-1252', 'externalId\nx-1\n'],
    ['no content type', '', 'externalId\nx-1\n'],
  ])('answers %s with 415', async (_, contentType, body) => {
    expectProblem(await upload(body, { contentType }), 415);
  });

  it('answers bytes that are not UTF-8 with 415', async () => {
    const res = await fetch(`${t.baseUrl}/v1/contacts/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.apiKey}`, 'content-type': 'text/csv' },
      body: Buffer.from('externalId,name\nlatin-1,M\xe4kinen\n', 'latin1'),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ detail: expect.stringContaining('UTF-8') });
  });

  it('answers a body over 10 MB with 413 and writes nothing', async () => {
    const before = await countIn(a.workspaceId);
    const line = 'big-x,,,,,,,,\n';
    const csv =
      'externalId,email,phone,country,name,locale,timezone,attributes.a,attributes.b\n' +
      line.repeat(Math.ceil((10 * 1024 * 1024) / line.length) + 1);
    const res = await upload(csv);
    expectProblem(res, 413);
    expect(res.body.detail).toContain('10 MB');
    expect(await countIn(a.workspaceId)).toBe(before);
  });

  it('writes a file larger than one batch, counting a repeat across batches once', async () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => `batch-${i},first`);
    const res = await upload(['externalId,attributes.v', ...rows, 'batch-0,last'].join('\n'));
    expect(res.body).toMatchObject({
      rows: 2_501,
      imported: 2_500,
      updated: 0,
      rejected: [],
      duplicates: [{ line: 2_502, externalId: 'batch-0', firstLine: 2 }],
    });
    expect(await contact(a.workspaceId, 'batch-0')).toMatchObject({ attributes: { v: 'last' } });
    expect(
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1 AND external_id LIKE 'batch-%'`,
          [a.workspaceId],
        )
      )[0].n,
    ).toBe(2_500);
  });

  it('answers more than 50,000 rows with 413', async () => {
    const rows = Array.from({ length: 50_001 }, (_, i) => `cap-${i}`).join('\n');
    const res = await upload(`externalId\n${rows}\n`);
    expectProblem(res, 413);
    expect(res.body.detail).toContain('50000');
  });

  it('validates and counts in a dry run without writing', async () => {
    const before = await countIn(a.workspaceId);
    const res = await upload('externalId,email\ngood-1,changed@example.com\ndry-new,dry@example.com\ndry-bad,nope\n', {
      query: '?dryRun=true',
    });
    expect(res.body).toEqual({
      dryRun: true,
      rows: 3,
      imported: 1,
      updated: 1,
      duplicates: [],
      rejected: [{ line: 4, externalId: 'dry-bad', errors: [{ path: 'email', message: expect.any(String) }] }],
    });
    expect(await countIn(a.workspaceId)).toBe(before);
    expect(await contact(a.workspaceId, 'good-1')).toMatchObject({ email: 'anna@example.com' });
  });

  it("leaves another workspace's contacts untouched, even with the same externalId", async () => {
    expect(
      (await upload('externalId,email,attributes.owner\nshared-1,b@example.com,b\n', { key: b.apiKey })).body,
    ).toMatchObject({ imported: 1 });
    const res = await upload('externalId,email,attributes.owner\nshared-1,a@example.com,a\ngood-1,,\n');
    expect(res.body).toMatchObject({ imported: 1, updated: 1 });
    expect(await contact(b.workspaceId, 'shared-1')).toMatchObject({
      email: 'b@example.com',
      attributes: { owner: 'b' },
    });
    expect(await contact(a.workspaceId, 'shared-1')).toMatchObject({
      email: 'a@example.com',
      attributes: { owner: 'a' },
    });
    expect(await countIn(b.workspaceId)).toBe(1);
  });

  it('is documented in OpenAPI as a text/csv upload', async () => {
    const doc = (await t.api('GET', '/docs-json')).body;
    const op = doc.paths['/v1/contacts/import'].post;
    expect(Object.keys(op.requestBody.content)).toEqual(['text/csv']);
    expect(op.responses['200'].content['application/json'].schema.properties).toHaveProperty('rejected');
  });
});
