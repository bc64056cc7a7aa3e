import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import type { KeysetPosition } from '../common/cursor';
import { LOGGER } from '../common/logger';
import { Page, pageOf, positionOf } from '../common/pagination';
import { conflict, invalidBody, missingPermission, notFound } from '../common/problem';
import { Sql } from '../database/sql';
import { Grants, Role, touchesOwners } from './permissions';
import { normalizeEmail } from './sign-in.service';
import { SignInLinksService } from './sign-in-links.service';
import { UserChange, UserRow, UsersRepository } from './users.repository';
import { WorkspacesRepository } from './workspaces.repository';

/** A user as the API shows them. */
export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  team: string | null;
  agentId: string | null;
  locale: string | null;
  /** `invited` until the first sign-in. */
  status: 'invited' | 'active';
  createdAt: string;
  lastSignInAt: string | null;
}

export interface InviteInput {
  email: string;
  role: Role;
  name?: string | null;
  team?: string | null;
  agentId?: string | null;
  locale?: string | null;
  /** Default true: email the invitation with its sign-in link. */
  sendInvitation?: boolean;
}

/** The people of a workspace: invite, list, change and remove them. */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: Sql,
    private readonly users: UsersRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly links: SignInLinksService,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /**
   * Adds a person and emails them a link to sign in. `grants` are the inviter's: only holders of
   * users:owners may invite an owner. 409 when the address is already a user of the workspace.
   */
  async invite(
    workspaceId: string,
    input: InviteInput,
    grants: Grants,
  ): Promise<UserView & { invitationSent: boolean }> {
    if (touchesOwners(null, input.role)) requireOwnersGrant(grants);
    requireTeamForAgent(input.role, input.team ?? null);
    const names = await this.workspaces.names(workspaceId);
    if (!names) throw notFound('Workspace');
    const row = await this.users.insert({
      workspaceId,
      email: normalizeEmail(input.email),
      name: input.name ?? null,
      role: input.role,
      team: input.team ?? null,
      agentId: input.agentId ?? null,
      locale: input.locale ?? null,
    });
    if (!row) throw conflict('This address is already a user of the workspace.', [{ path: 'email', message: 'Taken' }]);
    let invitationSent = false;
    if (input.sendInvitation !== false) {
      try {
        await this.links.sendInvite({ id: row.id, email: row.email, locale: row.locale, workspaceName: names.name });
        invitationSent = true;
      } catch (err) {
        // The user exists either way; they can ask for a sign-in link themselves.
        this.log.warn({ userId: row.id, err: (err as Error).message }, 'invitation email failed');
      }
    }
    return { ...toUserView(row), invitationSent };
  }

  /** Newest first, a page at a time. */
  async list(workspaceId: string, page: { limit: number; cursor?: KeysetPosition }): Promise<Page<UserView>> {
    return pageOf(await this.users.page(workspaceId, page.cursor, page.limit), page.limit, positionOf, toUserView);
  }

  async get(workspaceId: string, id: string): Promise<UserView> {
    const row = await this.users.find(workspaceId, id);
    if (!row) throw notFound('User');
    return toUserView(row);
  }

  /** Changes a role, team, agent id, name or locale; the last owner stays an owner. */
  async update(workspaceId: string, id: string, change: UserChange, grants: Grants): Promise<UserView> {
    return this.db.transaction(async (tx) => {
      const before = await this.users.lock(workspaceId, id, tx);
      if (!before) throw notFound('User');
      const role = change.role ?? before.role;
      if (role !== before.role && touchesOwners(before.role, role)) requireOwnersGrant(grants);
      requireTeamForAgent(role, change.team === undefined ? before.team : change.team);
      if (before.role === 'owner' && role !== 'owner' && (await this.users.otherOwners(workspaceId, id, tx)) === 0)
        throw conflict('A workspace keeps at least one owner: make someone else an owner first.');
      const row = await this.users.update(workspaceId, id, change, tx);
      return toUserView(row!);
    });
  }

  /** Removes a person; their sessions end with them. The last owner cannot be removed. */
  async remove(workspaceId: string, id: string, grants: Grants): Promise<void> {
    await this.db.transaction(async (tx) => {
      const user = await this.users.lock(workspaceId, id, tx);
      if (!user) throw notFound('User');
      if (touchesOwners(user.role, null)) {
        requireOwnersGrant(grants);
        if ((await this.users.otherOwners(workspaceId, id, tx)) === 0)
          throw conflict('A workspace keeps at least one owner: make someone else an owner first.');
      }
      await this.users.delete(workspaceId, id, tx);
    });
  }
}

function requireOwnersGrant(grants: Grants): void {
  if (!grants['users:owners'])
    throw missingPermission(
      'users:owners',
      'Giving, taking away or removing the owner role needs permission users:owners (owners and admin keys).',
    );
}

function requireTeamForAgent(role: Role, team: string | null): void {
  if (role === 'agent' && !team)
    throw invalidBody([
      { path: 'team', message: 'An agent belongs to a team: it decides which alerts, responses and scores they see' },
    ]);
}

export function toUserView(r: UserRow): UserView {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    team: r.team,
    agentId: r.agent_id,
    locale: r.locale,
    status: r.last_sign_in_at ? 'active' : 'invited',
    createdAt: new Date(r.created_at).toISOString(),
    lastSignInAt: r.last_sign_in_at ? new Date(r.last_sign_in_at).toISOString() : null,
  };
}
