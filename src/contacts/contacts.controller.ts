import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

import { IdPipe } from '../common/id.pipe';
import { keysetPageParams, pageSchema } from '../common/pagination';
import { notFound } from '../common/problem';
import { QueryParams, ValidQuery } from '../common/query-params';
import { ApiZod, parseBody } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { ContactsService } from './contacts.service';
import { ContactsImportService, MAX_IMPORT_ROWS } from './contacts-import.service';
import { readCsvUpload } from './csv-upload';

const findQuery = z
  .object({
    externalId: z.string().min(1).optional().describe('The id the CRM knows the contact by.'),
    email: z.string().email().optional().describe('Matched case-insensitively.'),
    phone: z
      .string()
      .transform((p, ctx) => {
        const parsed = parsePhoneNumberFromString(p.trim());
        if (parsed?.isValid()) return parsed.number as string;
        ctx.addIssue({ code: 'custom', message: 'Expected an E.164 phone number such as +358401234567' });
        return z.NEVER;
      })
      .optional()
      .describe('E.164, e.g. +358401234567.'),
    ...keysetPageParams,
  })
  .strict();

const optOutsSchema = z
  .object({ email: z.boolean().optional(), sms: z.boolean().optional(), voice: z.boolean().optional() })
  .strict()
  .refine((o) => o.email !== undefined || o.sms !== undefined || o.voice !== undefined, {
    message: 'Give email, sms and/or voice: true opts out, false opts back in',
  });

const contactViewSchema = z.object({
  id: z.string().uuid(),
  externalId: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  optOuts: z
    .object({ email: z.string().nullable(), sms: z.string().nullable(), voice: z.string().nullable() })
    .describe('When the contact opted out of each channel; null: not opted out.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const importQuery = z
  .object({
    dryRun: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => v === 'true')
      .describe('true: validate and report without writing.'),
  })
  .strict();

const fieldErrors = z.array(z.object({ path: z.string(), message: z.string() }));

const importReportSchema = z.object({
  dryRun: z.boolean(),
  rows: z.number().int().describe('Data rows in the file; blank lines are not counted.'),
  imported: z.number().int().describe('Contacts created (in a dry run: that would be).'),
  updated: z.number().int().describe('Existing contacts updated (in a dry run: that would be).'),
  rejected: z
    .array(z.object({ line: z.number().int(), externalId: z.string().optional(), errors: fieldErrors }))
    .describe('Rows not imported, by physical line number (1 = header).'),
  duplicates: z
    .array(z.object({ line: z.number().int(), externalId: z.string(), firstLine: z.number().int() }))
    .describe('Later rows for an externalId seen earlier in the file; applied after it.'),
});

@ApiTags('contacts')
@Controller('v1/contacts')
export class ContactsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly imports: ContactsImportService,
  ) {}

  @Post('import')
  @ApiOperation({ operationId: 'importContacts', summary: 'Import contacts from CSV' })
  @RequirePermission('contacts:write')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'externalId,email,phone,country,timezone,attributes.plan\r\ncrm-1,anna@example.com,040 1234567,FI,Europe/Helsinki,gold\r\n',
    },
  })
  @ApiZod({
    response: importReportSchema,
    description: `Upserts contacts from a UTF-8 CSV (comma or semicolon, optional BOM) of at most 10 MB and ${MAX_IMPORT_ROWS} rows. Columns: externalId (required), email, phone, country, name, locale, timezone, attributes.<key>. ?dryRun=true validates and reports without writing.`,
  })
  @QueryParams(importQuery)
  async importCsv(
    @WorkspaceId() ws: string,
    @ValidQuery() { dryRun }: z.output<typeof importQuery>,
    @Req() req: Request,
  ) {
    return this.imports.importCsv(ws, await readCsvUpload(req), { dryRun });
  }

  @Get()
  @ApiOperation({ operationId: 'listContacts', summary: 'List or find contacts' })
  @RequirePermission('contacts:read')
  @QueryParams(findQuery)
  @ApiZod({
    response: pageSchema(contactViewSchema),
    description: 'Contacts newest first, optionally only those with this externalId, email or phone.',
  })
  find(@WorkspaceId() ws: string, @ValidQuery() q: z.output<typeof findQuery>) {
    const { limit, cursor, ...by } = q;
    return this.contacts.find(ws, by, { limit, cursor });
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getContact', summary: 'Get a contact' })
  @RequirePermission('contacts:read')
  @ApiZod({ response: contactViewSchema })
  async get(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    return (await this.contacts.view(ws, id)) ?? throwNotFound();
  }

  @Put(':id/opt-outs')
  @ApiOperation({ operationId: 'setContactOptOuts', summary: 'Opt a contact out of or into channels' })
  @RequirePermission('contacts:write')
  @ApiZod({
    body: optOutsSchema,
    response: contactViewSchema,
    description: 'Opt a contact out of (true) or back into (false) a channel.',
  })
  async setOptOuts(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string, @Body() body: unknown) {
    return (await this.contacts.setOptOuts(ws, id, parseBody(optOutsSchema, body))) ?? throwNotFound();
  }

  @Delete(':id')
  @ApiOperation({ operationId: 'eraseContact', summary: 'Erase a contact' })
  @RequirePermission('contacts:write')
  @HttpCode(204)
  @ApiZod({
    description:
      'Erases a contact (GDPR art. 17): the contact, their invitations, responses, alerts and promoter links go; scores drop their answers. Webhook messages already sent carry ids only.',
  })
  async erase(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string): Promise<void> {
    if (!(await this.contacts.erase(ws, id))) throwNotFound();
  }
}

function throwNotFound(): never {
  throw notFound('Contact');
}
