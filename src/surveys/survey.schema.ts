import { z } from 'zod';

import { validateConditionRefs } from './conditions';
import { QUESTION_TYPES } from './survey-definition';

const localeKey = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'Locale keys look like en, fi or nb-NO');
const localizedText = (max: number) =>
  z
    .record(localeKey, z.string().trim().min(1).max(max))
    .refine((t) => Object.keys(t).length > 0, 'Give the text in at least one locale');

const conditionSchema = z
  .object({
    question: z.string(),
    lte: z.number().optional(),
    gte: z.number().optional(),
    eq: z.union([z.string(), z.number()]).optional(),
    in: z
      .array(z.union([z.string(), z.number()]))
      .min(1)
      .optional(),
  })
  .strict()
  .refine(
    (c) => c.lte !== undefined || c.gte !== undefined || c.eq !== undefined || c.in !== undefined,
    'Give at least one of lte, gte, eq, in',
  );

const questionSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'Question ids start with a letter: q1, why, fcr'),
    type: z.enum(QUESTION_TYPES),
    text: localizedText(1000),
    required: z.boolean().optional(),
    choices: z
      .array(z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), label: localizedText(200) }).strict())
      .min(2)
      .max(20)
      .optional(),
    showIf: conditionSchema.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.type === 'single_choice' && !q.choices)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'single_choice needs at least two choices' });
    if (q.type !== 'single_choice' && q.choices)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'Only single_choice questions take choices' });
  });

const surveyFields = {
  name: z.string().trim().min(1).max(200),
  defaultLocale: localeKey,
  questions: z.array(questionSchema).min(1).max(50),
};

/** Cross-field rules: unique ids, conditions pointing backwards, text in the default locale. */
function checkSurvey(
  s: { defaultLocale?: string; questions?: z.infer<typeof questionSchema>[] },
  ctx: z.RefinementCtx,
) {
  if (!s.questions) return;
  const seen = new Set<string>();
  s.questions.forEach((q, i) => {
    if (seen.has(q.id))
      ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `Duplicate question id "${q.id}"` });
    seen.add(q.id);
    if (s.defaultLocale && !q.text[s.defaultLocale]) {
      ctx.addIssue({
        code: 'custom',
        path: ['questions', i, 'text', s.defaultLocale],
        message: 'Missing text in the survey default locale',
      });
    }
  });
  for (const e of validateConditionRefs(s.questions))
    ctx.addIssue({ code: 'custom', path: e.path.split('.'), message: e.message });
}

export const createSurveySchema = z.object(surveyFields).strict().superRefine(checkSurvey);
export const updateSurveySchema = z
  .object({
    name: surveyFields.name.optional(),
    defaultLocale: surveyFields.defaultLocale.optional(),
    questions: surveyFields.questions.optional(),
  })
  .strict();

export type CreateSurveyInput = z.output<typeof createSurveySchema>;
export type UpdateSurveyInput = z.output<typeof updateSurveySchema>;

export const surveyViewSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  version: z.number().int(),
  versionId: z.string().uuid(),
  defaultLocale: z.string(),
  questions: z.array(questionSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Re-validates a merged PATCH result with the same cross-field rules as create. */
export { checkSurvey };
