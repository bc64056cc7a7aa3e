import { z } from 'zod';

import { contactInputSchema } from '../contacts/contact-input';

export const eventInputSchema = z
  .object({
    type: z.string().trim().min(1).max(200),
    /** The CRM's own id for the event; a second event with the same id is the same event. */
    id: z.string().trim().min(1).max(200).optional(),
    occurredAt: z.string().datetime({ offset: true }).optional(),
    contact: contactInputSchema,
    properties: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type EventInput = z.output<typeof eventInputSchema>;

const decisionSchema = z.object({
  campaignId: z.string().uuid(),
  campaignName: z.string(),
  decision: z.enum(['scheduled', 'skipped']),
  channel: z.string().optional(),
  sendAt: z.string().optional(),
  invitationId: z.string().uuid().optional(),
  reason: z.string().optional(),
});

export const eventAcceptedSchema = z.object({
  eventId: z.string().uuid(),
  decisions: z.array(decisionSchema),
  cancelled: z
    .array(z.object({ campaignId: z.string().uuid(), invitationIds: z.array(z.string().uuid()) }))
    .optional()
    .describe('Pending invitations this event cancelled, per campaign (its cancelOn).'),
});
