/** A survey shaped like the README's: NPS, a follow-up for detractors, and a yes/no. */
export const supportSurvey = {
  name: 'Support follow-up',
  defaultLocale: 'en',
  questions: [
    {
      id: 'q1',
      type: 'nps',
      text: {
        en: 'How likely are you to recommend Acme to a friend?',
        fi: 'Kuinka todennäköisesti suosittelisit Acmea ystävällesi?',
      },
    },
    {
      id: 'why',
      type: 'text',
      text: { en: 'What should we do better?', fi: 'Mitä voisimme tehdä paremmin?' },
      showIf: { question: 'q1', lte: 6 },
    },
    { id: 'fcr', type: 'yes_no', text: { en: 'Was your issue solved?', fi: 'Ratkesiko asiasi?' } },
  ],
};

export const ticketClosed = (n: number | string, overrides: Record<string, unknown> = {}) => ({
  type: 'ticket.closed',
  id: `crm-${n}`,
  contact: { externalId: `cust-${n}`, email: `customer${n}@example.com`, locale: 'en', name: `Customer ${n}` },
  properties: { team: 'billing', agent: 'A-17', touchpoint: 'support-chat' },
  ...overrides,
});

/** One question of each scale type: NPS, CSAT and CES. */
export const threeMetricsSurvey = {
  name: 'Three metrics',
  defaultLocale: 'en',
  questions: [
    { id: 'q1', type: 'nps', text: { en: 'How likely are you to recommend us?' } },
    { id: 'sat', type: 'csat', text: { en: 'How satisfied were you?' } },
    { id: 'ease', type: 'ces', text: { en: 'It was easy to get my issue solved.' } },
  ],
};

/** The NPS question in the four languages we ship. */
export const npsQuestionInFourLanguages = {
  id: 'q1',
  type: 'nps',
  text: {
    en: 'How likely are you to recommend Acme to a friend?',
    fi: 'Kuinka todennäköisesti suosittelisit Acmea ystävällesi?',
    sv: 'Hur troligt är det att du rekommenderar Acme till en vän?',
    nb: 'Hvor sannsynlig er det at du anbefaler Acme til en venn?',
  },
};
