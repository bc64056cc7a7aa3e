import pino from 'pino';
import { z } from 'zod';

import { DevOutboxRepository } from '../channels/dev/dev-outbox.repository';
import { createEmailAdapter } from '../channels/email/email-adapter.factory';
import { SystemClock } from '../common/clock';
import { Problem } from '../common/problem';
import { AppConfig } from '../config/config';
import { Sql } from '../database/sql';
import { SUPPORTED_UI_LOCALES } from '../i18n/locale';
import { EmailSignInMailer } from '../messages/sign-in.mailer';
import { KEY_SCOPE_GRANTS, ROLES } from '../workspaces/permissions';
import { SignInLinksService } from '../workspaces/sign-in-links.service';
import { SignInTokensRepository } from '../workspaces/sign-in-tokens.repository';
import { UsersRepository } from '../workspaces/users.repository';
import { UsersService } from '../workspaces/users.service';
import { WorkspacesRepository } from '../workspaces/workspaces.repository';

export const USER_INVITE_USAGE = `  palaute user invite <email> --workspace <id> --role owner|admin|analyst|agent
                     [--team <team>] [--agent-id <id>] [--name <name>] [--locale en|fi|sv|nb] [--no-email]
                                    Invite a person; emails them a sign-in link (SMTP_URL, else the dev outbox)
                                    and prints {"userId",…} as JSON on the last line. Agents need --team.`;

const optionsSchema = z.object({
  email: z.email('Give an email address: palaute user invite anna@acme.fi …'),
  workspace: z.string().uuid('--workspace takes a workspace id (a UUID)'),
  role: z.enum(ROLES, { message: `--role is one of ${ROLES.join(', ')}` }),
  team: z.string().trim().min(1).max(200).optional(),
  'agent-id': z.string().trim().min(1).max(200).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  locale: z.enum(SUPPORTED_UI_LOCALES, { message: '--locale is one of en, fi, sv, nb' }).optional(),
});

/** `<email> --flag value … --no-email` → a flat record; the first bare word is the email. */
function parseArgs(args: string[]): { values: Record<string, string>; noEmail: boolean } {
  const values: Record<string, string> = {};
  let noEmail = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--no-email') noEmail = true;
    else if (arg.startsWith('--')) values[arg.slice(2)] = args[++i] ?? '';
    else values.email ??= arg;
  }
  return { values, noEmail };
}

/** `palaute user invite`: the operator on the host invites with the rights of an admin key. */
export async function userInvite(args: string[], config: AppConfig, sql: Sql): Promise<number> {
  const { values, noEmail } = parseArgs(args);
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(issue.message);
    return 2;
  }
  const o = parsed.data;
  const email = createEmailAdapter(config, new DevOutboxRepository(sql));
  // Logs go to stderr: stdout ends with the JSON line scripts read.
  const log = pino({ level: config.logLevel }, pino.destination(2));
  const users = new UsersRepository(sql);
  const links = new SignInLinksService(
    users,
    new SignInTokensRepository(sql),
    new SystemClock(),
    config,
    new EmailSignInMailer(email),
  );
  const service = new UsersService(sql, users, new WorkspacesRepository(sql), links, log);
  try {
    const user = await service.invite(
      o.workspace,
      {
        email: o.email,
        role: o.role,
        team: o.team,
        agentId: o['agent-id'],
        name: o.name,
        locale: o.locale,
        sendInvitation: !noEmail,
      },
      KEY_SCOPE_GRANTS.admin,
    );
    console.error(
      user.invitationSent
        ? `Invited ${user.email} as ${user.role}; the sign-in link is in their email${config.smtpUrl ? '' : ' (dev outbox: /dev/outbox)'}.`
        : `Added ${user.email} as ${user.role}; they can ask for a sign-in link at /auth/sign-in.`,
    );
    console.log(
      JSON.stringify({
        userId: user.id,
        workspaceId: o.workspace,
        email: user.email,
        role: user.role,
        team: user.team,
        invitationSent: user.invitationSent,
      }),
    );
    return 0;
  } catch (err) {
    if (!(err instanceof Problem)) throw err;
    console.error(err.detail ?? err.title);
    for (const e of err.errors ?? []) console.error(`  ${e.path}: ${e.message}`);
    return 2;
  } finally {
    email.close?.();
  }
}
