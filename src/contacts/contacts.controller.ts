import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { IdPipe } from '../common/id.pipe';
import { notFound } from '../common/problem';
import { ApiZod, parseBody, parseQuery } from '../common/zod-validation';
import { WorkspaceId } from '../workspaces/auth.guard';
import { ContactsService } from './contacts.service';

const findQuery = z.object({
  externalId: z.string().min(1).optional(),
  email: z.string().email().optional(),
  phone: z
    .string()
    .transform((p, ctx) => {
      const parsed = parsePhoneNumberFromString(p.trim());
      if (parsed?.isValid()) return parsed.number as string;
      ctx.addIssue({ code: 'custom', message: 'Expected an E.164 phone number such as +358401234567' });
      return z.NEVER;
    })
    .optional(),
});

const optOutsSchema = z
  .object({ email: z.boolean().optional(), sms: z.boolean().optional(), voice: z.boolean().optional() })
  .strict()
  .refine((o) => o.email !== undefined || o.sms !== undefined || o.voice !== undefined, { message: 'Give email, sms and/or voice: true opts out, false opts back in' });

const contactViewSchema = z.object({
  id: z.string().uuid(),
  externalId: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  optOuts: z.object({ email: z.string().nullable(), sms: z.string().nullable(), voice: z.string().nullable() }).describe('When the contact opted out of each channel; null: not opted out.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('v1/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @ApiZod({ response: z.object({ data: z.array(contactViewSchema) }), description: 'Find contacts by externalId, email or phone.' })
  async find(@WorkspaceId() ws: string, @Query() query: unknown) {
    return { data: await this.contacts.find(ws, parseQuery(findQuery, query)) };
  }

  @Get(':id')
  @ApiZod({ response: contactViewSchema })
  async get(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    return (await this.contacts.view(ws, id)) ?? throwNotFound();
  }

  @Put(':id/opt-outs')
  @ApiZod({ body: optOutsSchema, response: contactViewSchema, description: 'Opt a contact out of (true) or back into (false) a channel.' })
  async setOptOuts(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string, @Body() body: unknown) {
    return (await this.contacts.setOptOuts(ws, id, parseBody(optOutsSchema, body))) ?? throwNotFound();
  }
}

function throwNotFound(): never {
  throw notFound('Contact');
}
