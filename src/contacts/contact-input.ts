import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

import { ianaTimeZone } from '../common/zod-fields';

/** A contact as a CRM sends it inside an event. Phone numbers come out in E.164, emails lower-cased. */
export const contactInputSchema = z
  .object({
    externalId: z.string().trim().min(1).max(200),
    email: z
      .string()
      .trim()
      .max(254)
      .email()
      .transform((e) => e.toLowerCase())
      .nullish(),
    phone: z.string().trim().max(40).nullish(),
    /** ISO 3166 country used to read a phone number written without +country code. */
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/)
      .transform((c) => c.toUpperCase())
      .optional(),
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'Expected a locale tag such as fi-FI')
      .nullish(),
    timezone: ianaTimeZone.nullish(),
    name: z.string().trim().max(200).nullish(),
    attributes: z.record(z.string(), z.unknown()).optional(),
  })
  .transform((contact, ctx) => {
    if (!contact.phone) return { ...contact, phone: contact.phone ?? undefined };
    const parsed = parsePhoneNumberFromString(contact.phone, contact.country as CountryCode | undefined);
    if (!parsed || !parsed.isValid()) {
      ctx.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'Expected a valid phone number (+358401234567, or set contact.country)',
      });
      return z.NEVER;
    }
    return { ...contact, phone: parsed.number as string };
  });

export type ContactInput = z.output<typeof contactInputSchema>;
