/** A theme on one response: found by the text analysis, or added by an analyst. */
export interface ResponseTheme {
  /** The theme's sorted stems, as GET /v1/text/themes names it ("jono" for "jonotus", "long queue" for "the queue was long"). */
  key: string;
  /** How this response wrote it, or the words the analyst gave. */
  label: string;
  source: 'detected' | 'added';
}

/** The themes of one response after its corrections, and the ones an analyst took off. */
export interface ResponseThemesView {
  /** The language it is analysed in (en, fi, sv, nb), null when none applies. */
  language: string | null;
  themes: ResponseTheme[];
  removed: Array<{ key: string; label: string }>;
}

/**
 * One response's themes for the response page. The page (responses) asks; text analysis
 * (scoring, a higher layer) computes them and provides it.
 */
export interface ResponseThemes {
  themesOf(workspaceId: string, responseId: string): Promise<ResponseThemesView>;
}

/** Injection token of {@link ResponseThemes}. */
export const RESPONSE_THEMES = Symbol('RESPONSE_THEMES');
