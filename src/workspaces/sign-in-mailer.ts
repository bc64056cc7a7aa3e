/**
 * The email that carries sign-in links. Workspaces sit below the channels, so they declare what
 * they need here and messages/ provides it with the same email adapter surveys go out through
 * (SMTP, or the dev outbox with zero config).
 */
export interface SignInEmail {
  to: string;
  /** The person's own locale when known, else their browser's (Accept-Language). */
  locale: string | null;
  purpose: 'sign-in' | 'invite';
  /** One link per workspace the address belongs to. */
  links: Array<{ workspaceName: string; url: string }>;
  /** How long the links work. */
  validForMs: number;
  /** Deterministic per link, so a resend carries the same Message-ID. */
  messageId: string;
}

export interface SignInMailer {
  send(email: SignInEmail): Promise<void>;
}

/** Nest token for the SignInMailer, provided by MessagesModule. */
export const SIGN_IN_MAILER = Symbol('SIGN_IN_MAILER');
