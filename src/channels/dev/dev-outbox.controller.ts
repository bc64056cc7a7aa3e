import { Controller, Get, Header, Inject, Param, ParseIntPipe } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import Handlebars from 'handlebars';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { notFound } from '../../common/problem';
import { Sql } from '../../database/sql';
import { Public } from '../../workspaces/auth.guard';

const listPage = Handlebars.compile(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dev outbox</title><style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}td,th{padding:.4rem;border-bottom:1px solid #ddd;text-align:left}</style></head>
<body><h1>Dev outbox</h1><p>What Palaute would have sent. Set SMTP_URL to deliver for real.</p>
<table><tr><th>When (UTC)</th><th>To</th><th>Subject</th></tr>
{{#each rows}}<tr><td>{{created_at}}</td><td>{{to_address}}</td><td><a href="/dev/outbox/{{id}}">{{subject}}</a></td></tr>{{else}}<tr><td colspan="3">Nothing sent yet.</td></tr>{{/each}}
</table></body></html>`);

const messagePage = Handlebars.compile(`<!doctype html><html><head><meta charset="utf-8"><title>{{subject}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}iframe{width:100%;height:640px;border:1px solid #ccc}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}</style></head>
<body><p><a href="/dev/outbox">← outbox</a></p><h1>{{subject}}</h1><p>To: {{to_address}} · {{created_at}}</p>
<h2>Headers</h2><pre>{{headers}}</pre><h2>HTML</h2><iframe sandbox="allow-top-navigation-by-user-activation allow-popups" srcdoc="{{html}}"></iframe>
<h2>Text</h2><pre>{{text}}</pre></body></html>`);

/** The dev outbox: only served when SMTP_URL is unset (zero-config local runs). */
@ApiExcludeController()
@Public()
@Controller('dev/outbox')
export class DevOutboxController {
  constructor(
    private readonly db: Sql,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async list() {
    this.assertEnabled();
    const rows = await this.db.query(`SELECT id, to_address, subject, created_at FROM dev_outbox ORDER BY id DESC LIMIT 200`);
    return listPage({ rows: rows.map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString() })) });
  }

  /** Machine-readable, for scripts and the README walk-through. */
  @Get('messages.json')
  async json() {
    this.assertEnabled();
    const rows = await this.db.query(
      `SELECT id, invitation_id, message_id, to_address, subject, text, headers, created_at FROM dev_outbox ORDER BY id DESC LIMIT 200`,
    );
    return { data: rows };
  }

  @Get(':id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(@Param('id', ParseIntPipe) id: number) {
    this.assertEnabled();
    const [row] = await this.db.query(`SELECT * FROM dev_outbox WHERE id = $1`, [id]);
    if (!row) throw notFound('Outbox message');
    return messagePage({ ...row, created_at: new Date(row.created_at).toISOString(), headers: JSON.stringify(row.headers, null, 2) });
  }

  private assertEnabled(): void {
    if (this.config.smtpUrl) throw notFound('The dev outbox (SMTP_URL is set)');
  }
}
