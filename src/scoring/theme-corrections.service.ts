import { Injectable } from '@nestjs/common';

import { Clock } from '../common/clock';
import { FieldError, invalidBody, notFound } from '../common/problem';
import type { ResponseThemes, ResponseThemesView } from '../responses/response-themes';
import { OpenAnswersRepository } from './open-answers.repository';
import { TextLanguage, textLanguageOf } from './text/text-language';
import { applyCorrections, ThemeCorrection, themeKeyOf } from './text/theme-corrections';
import { DocumentThemes, documentThemes } from './text/themes';
import { correctionsByResponse, ThemeCorrectionsRepository } from './theme-corrections.repository';

/** One response's themes as the analysis finds them, and the corrections it has. */
interface Analysed {
  language: TextLanguage | null;
  detected: DocumentThemes;
  corrections: ThemeCorrection[];
}

/**
 * Analysts' corrections of a response's themes, and the response's themes after them (provided
 * to the response page as RESPONSE_THEMES). GET /v1/text/themes applies the same corrections.
 */
@Injectable()
export class ThemeCorrectionsService implements ResponseThemes {
  constructor(
    private readonly answers: OpenAnswersRepository,
    private readonly corrections: ThemeCorrectionsRepository,
    private readonly clock: Clock,
  ) {}

  async themesOf(workspaceId: string, responseId: string): Promise<ResponseThemesView> {
    return view(await this.analyse(workspaceId, responseId));
  }

  /**
   * Puts themes on (`add`: words, keyed as the analysis keys them in the response's language) and
   * takes themes off (`remove`: a key the response has, or words that key to one). 404 for a
   * response the workspace does not have; 422 naming each entry that names no theme.
   */
  async correct(
    workspaceId: string,
    responseId: string,
    change: { add: string[]; remove: string[] },
    by: string,
  ): Promise<{ view: ResponseThemesView; added: string[]; removed: string[] }> {
    const before = await this.analyse(workspaceId, responseId);
    const current = applyCorrections(before.detected, before.corrections);
    const errors: FieldError[] = [];
    const adds: ThemeCorrection[] = [];
    const removes: ThemeCorrection[] = [];
    change.add.forEach((phrase, i) => {
      const k = themeKeyOf(phrase, before.language);
      if (!k.ok) errors.push({ path: `add.${i}`, message: k.message });
      else adds.push({ key: k.key, action: 'add', label: k.label });
    });
    change.remove.forEach((given, i) => {
      const key = current.has(given) || before.detected.has(given) ? given : keyOrNull(given, before.language);
      const label = key === null ? undefined : (current.get(key) ?? before.detected.get(key));
      if (key === null || label === undefined)
        errors.push({ path: `remove.${i}`, message: 'Not a theme of this response' });
      else if (adds.some((a) => a.key === key))
        errors.push({ path: `remove.${i}`, message: `Also in add (theme "${key}")` });
      else removes.push({ key, action: 'remove', label });
    });
    if (errors.length) throw invalidBody(errors);
    // One row per key: two phrases with one key ("queue", "queues") are one correction.
    const byKey = new Map([...adds, ...removes].map((c) => [c.key, c]));
    await this.corrections.upsert(workspaceId, responseId, [...byKey.values()], by, this.clock.now());
    return {
      view: view(await this.analyse(workspaceId, responseId)),
      added: [...new Set(adds.map((c) => c.key))],
      removed: [...new Set(removes.map((c) => c.key))],
    };
  }

  private async analyse(workspaceId: string, responseId: string): Promise<Analysed> {
    const row = await this.answers.ofResponse(workspaceId, responseId);
    if (!row) throw notFound('Response');
    const language = textLanguageOf(row.language);
    const corrections = await this.corrections.forResponses([responseId]);
    return {
      language,
      detected: row.text ? documentThemes({ text: row.text, language }, 2) : new Map(),
      corrections: correctionsByResponse(corrections).get(responseId) ?? [],
    };
  }
}

function keyOrNull(words: string, language: TextLanguage | null): string | null {
  const k = themeKeyOf(words, language);
  return k.ok ? k.key : null;
}

function view(a: Analysed): ResponseThemesView {
  const themes = applyCorrections(a.detected, a.corrections);
  return {
    language: a.language,
    themes: [...themes].map(([key, label]) => ({
      key,
      label,
      source: a.detected.has(key) ? ('detected' as const) : ('added' as const),
    })),
    removed: [...a.detected].filter(([key]) => !themes.has(key)).map(([key, label]) => ({ key, label })),
  };
}
