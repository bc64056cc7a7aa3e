import { api, ok } from './client';

/**
 * GET /v1/responses and GET /v1/responses/{id} as the responses screens read them. The generated
 * document still describes the list without its filters and the page not at all, so the shapes are
 * named here from src/responses/responses.schema.ts until `npm run openapi` catches up.
 */
export type LocalizedText = Record<string, string>;

export interface ListAnswer {
  questionId: string;
  /** The question's type (nps, csat, ces, text, yes_no, …); absent from servers older than the console. */
  type?: string;
  value: number | string | null;
  comment: string | null;
  recording: { url: string; seconds: number } | null;
}

export interface ResponseListItem {
  id: string;
  invitationId: string;
  campaignId: string;
  contact: { externalId: string };
  channel: string;
  team: string | null;
  completed: boolean;
  late: boolean;
  unparsedText: string | null;
  createdAt: string;
  completedAt: string | null;
  answers: ListAnswer[];
  tags: string[];
}

export interface ResponseListPage {
  data: ResponseListItem[];
  nextCursor: string | null;
}

export interface PageAnswer extends ListAnswer {
  type: string;
  answeredAt: string;
  question: { text: LocalizedText; choiceLabel: LocalizedText | null } | null;
}

export interface ResponseAlert {
  id: string;
  status: 'open' | 'acknowledged' | 'resolved';
  assignee: string | null;
  team: string | null;
  reasons: string[];
  createdAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  resolutionCode: string | null;
}

export interface Delivery {
  invitationId: string;
  status: string;
  reason: string | null;
  channel: string;
  step: number;
  attempts: number;
  remindersSent: number;
  scheduledFor: string | null;
  sentAt: string | null;
  handedOverAt: string | null;
  expiresAt: string | null;
  deliveryStatus: string | null;
  deliveryErrorCode: number | null;
  deliveryUpdatedAt: string | null;
  callOutcome: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ResponseDetail {
  id: string;
  channel: string;
  language: string | null;
  completed: boolean;
  late: boolean;
  unparsedText: string | null;
  createdAt: string;
  completedAt: string | null;
  team: string | null;
  campaign: { id: string; name: string; channels: string[] };
  survey: { id: string; versionId: string; version: number; defaultLocale: string };
  contact: {
    id: string;
    externalId: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    locale: string | null;
  };
  journey: {
    eventId: string | null;
    type: string;
    properties: Record<string, unknown>;
    occurredAt: string | null;
    receivedAt: string | null;
  };
  delivery: Delivery;
  answers: PageAnswer[];
  alerts: ResponseAlert[];
  tags: string[];
  themes: {
    language: string | null;
    themes: Array<{ key: string; label: string; source: 'detected' | 'added' }>;
    removed: Array<{ key: string; label: string }>;
  };
}

export async function listResponses(query: Record<string, string>): Promise<ResponseListPage> {
  return (await ok(api.GET('/v1/responses', { params: { query } } as never))) as unknown as ResponseListPage;
}

export async function getResponse(id: string): Promise<ResponseDetail> {
  const path = '/v1/responses/{id}' as never;
  return (await ok(api.GET(path, { params: { path: { id } } } as never))) as unknown as ResponseDetail;
}
