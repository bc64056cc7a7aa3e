import type { QuestionType } from '../surveys/survey-definition';

/** The answers of a just-completed response, as the thank-you page has them. */
export interface CompletedResponse {
  invitationId: string;
  campaignId: string;
  contactId: string;
  locale: string | null;
  answers: Array<{ questionId: string; type: QuestionType; value: number | string }>;
}

/** A link to show on the thank-you page. */
export interface PromoterOffer {
  kind: 'review' | 'referral';
  url: string;
}

/**
 * What a completed response may be offered on the thank-you page: at most one link, the same one
 * on a reload. The survey page (replies) asks; alerts decide (promoter invitations) and provide it.
 */
export interface ThankYouOffers {
  offer(response: CompletedResponse): Promise<PromoterOffer | null>;
}

/** Injection token of {@link ThankYouOffers}. */
export const THANK_YOU_OFFERS = Symbol('THANK_YOU_OFFERS');
