import { createHash } from 'node:crypto';

import { PAGE_CONTENT_SECURITY_POLICY } from './page-layout';
import { renderMessagePage, renderSurveyPage, renderUnsubscribePage } from './survey-page.template';

const directives = new Map(
  PAGE_CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name, ...values] = d.trim().split(/\s+/);
    return [name, values] as const;
  }),
);

const pages = {
  survey: renderSurveyPage({
    locale: 'en',
    lang: 'en',
    companyName: 'Acme',
    formAction: '/s/tok',
    questions: [
      {
        question: { id: 'q1', type: 'nps', text: { en: 'q1' } },
        text: 'How likely?',
        optional: false,
        error: 'Pick one',
      },
      { question: { id: 'q2', type: 'text', text: { en: 'q2' } }, text: 'Why?', optional: true },
    ],
    notice: 'Already answered',
  }),
  message: renderMessagePage({
    locale: 'en',
    lang: 'en',
    title: 'Thanks',
    body: 'Done',
    statusHint: 'ok',
    link: { lead: 'Tell others', href: 'https://reviews.example/acme', label: 'Review' },
  }),
  unsubscribe: renderUnsubscribePage({ locale: 'en', lang: 'en', formAction: '/u/tok', done: false }),
};

describe('the reply pages under their Content-Security-Policy', () => {
  it('forbids everything by default, framing included, and lets forms post only to us', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'self'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.has('script-src')).toBe(false);
  });

  it.each(Object.entries(pages))('%s page: every <style> block is one the policy names by hash', (_name, html) => {
    const blocks = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(0);
    for (const css of blocks) {
      const hash = `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
      expect(directives.get('style-src')).toContain(hash);
    }
  });

  it.each(Object.entries(pages))(
    '%s page: nothing the policy would block (no script, no inline style or handler, nothing loaded)',
    (_name, html) => {
      expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=|<img|<link|<iframe|javascript:/i);
    },
  );
});
