import { Inject, Injectable } from '@nestjs/common';

import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/config';
import { newSecret } from './session-secret';
import { SIGN_IN_MAILER, SignInMailer } from './sign-in-mailer';
import { LinkPurpose, SignInTokensRepository } from './sign-in-tokens.repository';
import { UsersRepository } from './users.repository';

/** A sign-in link works this long (the 15 minutes); an invitation's link for INVITE_LINK_HOURS. */
export const SIGN_IN_LINK_MS = 15 * 60_000;
/** Used and expired links stay this long after expiry, so the refusal page can say which it was. */
const KEEP_EXPIRED_MS = 7 * 24 * 3_600_000;

/** A user a link is made for. */
export interface LinkRecipient {
  id: string;
  email: string;
  locale: string | null;
  workspaceName: string;
}

/** Makes one-time sign-in links (only their SHA-256 is stored) and emails them. */
@Injectable()
export class SignInLinksService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: SignInTokensRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SIGN_IN_MAILER) private readonly mailer: SignInMailer,
  ) {}

  /** One email with a link per workspace the address belongs to; nothing when it belongs to none. */
  async sendSignInLinks(email: string, browserLocale: string | null): Promise<number> {
    const users = await this.users.withEmail(email);
    if (users.length === 0) return 0;
    const recipients = users.map((u) => ({
      id: u.id,
      email: u.email,
      locale: u.locale,
      workspaceName: u.workspace_name,
    }));
    await this.send(recipients, 'sign-in', browserLocale);
    return recipients.length;
  }

  /** The invitation email, with a link that works for INVITE_LINK_HOURS. */
  async sendInvite(user: LinkRecipient): Promise<void> {
    await this.send([user], 'invite', null);
  }

  private async send(users: LinkRecipient[], purpose: LinkPurpose, browserLocale: string | null): Promise<void> {
    const now = this.clock.now();
    const validForMs = purpose === 'invite' ? this.config.people.inviteLinkMs : SIGN_IN_LINK_MS;
    const links: Array<{ workspaceName: string; url: string }> = [];
    let firstId = '';
    for (const user of users) {
      const { secret, hash } = newSecret();
      await this.tokens.pruneOf(user.id, new Date(now.getTime() - KEEP_EXPIRED_MS));
      const { id } = await this.tokens.insert({
        userId: user.id,
        tokenHash: hash,
        purpose,
        createdAt: now,
        expiresAt: new Date(now.getTime() + validForMs),
      });
      firstId ||= id;
      links.push({
        workspaceName: user.workspaceName,
        url: `${this.config.publicBaseUrl}/auth/callback?token=${secret}`,
      });
    }
    await this.mailer.send({
      to: users[0].email,
      locale: users.find((u) => u.locale)?.locale ?? browserLocale,
      purpose,
      links,
      validForMs,
      messageId: `<${purpose}-${firstId}@palaute>`,
    });
  }
}
