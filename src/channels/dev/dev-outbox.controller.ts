import { Body, Controller, Get, Header, HttpCode, Inject, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import Handlebars from 'handlebars';
import { z } from 'zod';

import { badRequest, notFound } from '../../common/problem';
import { parseBody } from '../../common/zod-validation';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Public } from '../../workspaces/auth.guard';
import { TwilioSimulator } from '../twilio/simulator/twilio-simulator';
import type { CallerAction } from '../twilio/simulator/voice-call-runner';
import { DevOutboxRepository, DevOutboxRow } from './dev-outbox.repository';
import { DEV_TWILIO_SIMULATOR } from './dev-twilio';

const callerAction = z.union([
  z.object({ press: z.string().regex(/^[0-9*#]{1,20}$/) }).strict(),
  z.object({ say: z.string().min(1).max(500) }).strict(),
  z.object({ silence: z.literal(true) }).strict(),
  z
    .object({
      record: z
        .object({ seconds: z.number().int().min(1).max(120), transcription: z.string().max(2000).optional() })
        .strict(),
    })
    .strict(),
  z.object({ hangup: z.literal(true) }).strict(),
]);
const callScriptSchema = z
  .object({
    phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number'),
    outcome: z.enum(['answer', 'machine', 'busy', 'no-answer', 'failed']).optional(),
    actions: z.array(callerAction).max(50).default([]),
  })
  .strict();

const STYLE = `body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}td,th{padding:.4rem;border-bottom:1px solid #ddd;text-align:left}
iframe{width:100%;height:640px;border:1px solid #ccc}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}
.sms{max-width:28rem;padding:.5rem .8rem;border-radius:1rem;margin:.4rem 0;white-space:pre-wrap}.in{background:#dcf8c6;margin-left:auto}.out{background:#eee}`;

const listPage =
  Handlebars.compile(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dev outbox</title><style>${STYLE}</style></head>
<body><h1>Dev outbox</h1><p>What Palaute would have sent. Set SMTP_URL (email) or Twilio credentials (SMS) to deliver for real.</p>
<table><tr><th>When (UTC)</th><th>Channel</th><th>To</th><th>Message</th></tr>
{{#each rows}}<tr><td>{{created_at}}</td><td>{{channel}}</td><td>{{to_address}}</td><td><a href="/dev/outbox/{{id}}">{{title}}</a></td></tr>{{else}}<tr><td colspan="4">Nothing sent yet.</td></tr>{{/each}}
</table></body></html>`);

const emailPage =
  Handlebars.compile(`<!doctype html><html><head><meta charset="utf-8"><title>{{subject}}</title><style>${STYLE}</style></head>
<body><p><a href="/dev/outbox">← outbox</a></p><h1>{{subject}}</h1><p>To: {{to_address}} · {{created_at}}</p>
<h2>Headers</h2><pre>{{headers}}</pre><h2>HTML</h2><iframe sandbox="allow-top-navigation-by-user-activation allow-popups" srcdoc="{{html}}"></iframe>
<h2>Text</h2><pre>{{text}}</pre></body></html>`);

const smsPage =
  Handlebars.compile(`<!doctype html><html><head><meta charset="utf-8"><title>SMS with {{customer}}</title><style>${STYLE}</style></head>
<body><p><a href="/dev/outbox">← outbox</a></p><h1>SMS with {{customer}}</h1>
{{#each messages}}<div class="sms {{#if inbound}}in{{else}}out{{/if}}">{{text}}</div>{{/each}}
{{#if canReply}}<form method="post" action="/dev/outbox/{{id}}/reply"><p><label>Reply as {{customer}}: <input name="body" autofocus required></label> <button>Send</button></p></form>{{/if}}
</body></html>`);

const callPage =
  Handlebars.compile(`<!doctype html><html><head><meta charset="utf-8"><title>{{subject}}</title><style>${STYLE}</style></head>
<body><p><a href="/dev/outbox">← outbox</a></p><h1>{{subject}}: {{to_address}}</h1><p>{{created_at}}</p><pre>{{text}}</pre>
<p>To answer the next call to a number yourself: <code>curl -X POST {{base}}/dev/outbox/calls/script -H 'content-type: application/json'
-d '{"phone":"{{to_address}}","actions":[{"press":"9#"},{"say":"quick and friendly"}]}'</code></p></body></html>`);

/** The dev outbox: only served in zero-config runs (no SMTP_URL for email; the built-in simulator for SMS). */
@ApiExcludeController()
@Public()
@Controller('dev/outbox')
export class DevOutboxController {
  constructor(
    private readonly outbox: DevOutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEV_TWILIO_SIMULATOR) private readonly simulator: TwilioSimulator | null,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async list() {
    this.assertEnabled();
    const rows = await this.outbox.listRecent();
    return listPage({
      rows: rows.map((r) => ({
        ...r,
        title: r.channel === 'sms' ? r.text?.slice(0, 80) : r.subject,
        created_at: new Date(r.created_at).toISOString(),
      })),
    });
  }

  /** Machine-readable, for scripts and the README walk-through. */
  @Get('messages.json')
  async json() {
    this.assertEnabled();
    return { data: await this.outbox.listRecentMessages() };
  }

  @Get(':id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(@Param('id', ParseIntPipe) id: number) {
    this.assertEnabled();
    const row = await this.row(id);
    if (row.channel === 'voice')
      return callPage({ ...row, created_at: new Date(row.created_at).toISOString(), base: this.config.publicBaseUrl });
    if (row.channel !== 'sms') {
      return emailPage({
        ...row,
        created_at: new Date(row.created_at).toISOString(),
        headers: JSON.stringify(row.headers, null, 2),
      });
    }
    const customer = customerOf(row);
    const thread = await this.outbox.smsThread(customer);
    return smsPage({
      id,
      customer,
      canReply: !!this.simulator,
      messages: thread.map((m) => ({ text: m.text, inbound: m.headers.direction === 'inbound' })),
    });
  }

  /**
   * Replies as the customer to an SMS in the outbox: the simulator posts it, signed, to our own
   * webhook, exactly as Twilio would. A form post comes back to the conversation; JSON gets the replies.
   */
  @Post(':id/reply')
  @HttpCode(200)
  async reply(@Param('id', ParseIntPipe) id: number, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    this.assertEnabled();
    if (!this.simulator) throw notFound('The built-in Twilio simulator (Twilio credentials are set)');
    const text = (body as { body?: unknown } | undefined)?.body;
    if (typeof text !== 'string' || !text.trim())
      throw badRequest('Give the reply text as body.', [{ path: 'body', message: 'Required' }]);
    const row = await this.row(id);
    if (row.channel !== 'sms') throw badRequest('Only an SMS can be replied to.');
    const inv = await this.outbox.latestSurveySmsTo(customerOf(row));
    if (!inv) throw notFound('A survey SMS to this number');
    const result = await this.simulator.sendInbound(
      `${this.config.publicBaseUrl}/webhooks/twilio/${inv.workspace_id}/sms`,
      {
        from: customerOf(row),
        to: inv.sender,
        body: text,
      },
    );
    if (res.req.headers['content-type']?.includes('application/x-www-form-urlencoded')) {
      res.redirect(303, `/dev/outbox/${id}`);
      return;
    }
    return { status: result.status, replies: result.replies };
  }

  /**
   * What the person at `phone` does on the next survey call: keys to press, words to say, silence,
   * a recording, or hanging up, one per question (the simulator's caller script). Without a
   * script the simulated caller hangs up at the first question.
   */
  @Post('calls/script')
  @HttpCode(200)
  scriptCall(@Body() body: unknown) {
    this.assertEnabled();
    if (!this.simulator) throw notFound('The built-in Twilio simulator (Twilio credentials are set)');
    const script = parseBody(callScriptSchema, body);
    this.simulator.scriptCall(script.phone, { outcome: script.outcome, actions: script.actions as CallerAction[] });
    return { scripted: script.phone, actions: script.actions.length };
  }

  private async row(id: number): Promise<DevOutboxRow> {
    const row = await this.outbox.findById(id);
    if (!row) throw notFound('Outbox message');
    return row;
  }

  private assertEnabled(): void {
    if (this.config.smtpUrl && !this.simulator) throw notFound('The dev outbox (SMTP_URL and Twilio are configured)');
  }
}

/** The customer's number in an SMS row: the recipient of ours, the sender of theirs. */
function customerOf(row: { to_address: string; headers: { from?: string; direction?: string } }): string {
  return row.headers.direction === 'inbound' ? row.headers.from! : row.to_address;
}
