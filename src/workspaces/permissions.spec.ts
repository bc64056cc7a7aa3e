import { decideAccess, KEY_SCOPE_GRANTS, listGrants, PERMISSIONS, ROLE_GRANTS, touchesOwners } from './permissions';

describe('role grants', () => {
  it('gives owners and admin keys every permission, admins all but owner management', () => {
    expect(Object.keys(ROLE_GRANTS.owner).sort()).toEqual([...PERMISSIONS].sort());
    expect(KEY_SCOPE_GRANTS.admin).toEqual(ROLE_GRANTS.owner);
    expect(ROLE_GRANTS.admin['users:owners']).toBeUndefined();
    expect(Object.keys(ROLE_GRANTS.admin)).toHaveLength(PERMISSIONS.length - 1);
  });

  it('lets analysts read, export and annotate responses, never write or manage', () => {
    const held = Object.keys(ROLE_GRANTS.analyst);
    expect(held).toContain('responses:export');
    expect(held.filter((p) => !p.endsWith(':read'))).toEqual(['responses:export', 'responses:annotate']);
    expect(ROLE_GRANTS.agent['responses:annotate']).toBeUndefined();
    for (const p of ['users:read', 'api-keys:read', 'audit-log:read']) expect(held).not.toContain(p);
  });

  it('keeps agents to their own team', () => {
    expect(Object.values(ROLE_GRANTS.agent)).toEqual(['team', 'team', 'team', 'team']);
    expect(listGrants(ROLE_GRANTS.agent)).toEqual([
      'responses:read:team',
      'scores:read:team',
      'alerts:read:team',
      'alerts:act:team',
    ]);
  });

  it('lets ingest keys only post events', () => {
    expect(KEY_SCOPE_GRANTS.ingest).toEqual({ 'events:ingest': 'all' });
  });
});

describe('decideAccess', () => {
  const route = (permission: (typeof PERMISSIONS)[number], teamScoped = false) => ({ permission, teamScoped });

  it.each<[string, keyof typeof ROLE_GRANTS, ReturnType<typeof route>, boolean]>([
    ['an owner on campaigns', 'owner', route('campaigns:write'), true],
    ['an admin on owners', 'admin', route('users:owners'), false],
    ['an analyst exporting', 'analyst', route('responses:export'), true],
    ['an analyst changing a setting', 'analyst', route('settings:write'), false],
    ['an agent on a team-scoped alert list', 'agent', route('alerts:read', true), true],
    ['an agent on the digest (alerts:read, all teams)', 'agent', route('alerts:read'), false],
    ['an agent on campaigns', 'agent', route('campaigns:read'), false],
    ['an agent on settings', 'agent', route('settings:read'), false],
  ])('%s', (_label, role, required, allowed) => {
    expect(decideAccess(ROLE_GRANTS[role], required, `the ${role} role`).allowed).toBe(allowed);
  });

  it('names the missing permission, and says when only the team reach is held', () => {
    expect(decideAccess(ROLE_GRANTS.agent, route('campaigns:write'), 'the agent role')).toEqual({
      allowed: false,
      permission: 'campaigns:write',
      detail: 'This route needs permission campaigns:write, which the agent role does not hold.',
    });
    const teamOnly = decideAccess(ROLE_GRANTS.agent, route('responses:read'), 'the agent role');
    expect(teamOnly).toMatchObject({ allowed: false, permission: 'responses:read' });
    expect(teamOnly.allowed === false && teamOnly.detail).toMatch(/for every team.*own team only/);
  });

  it('reports the reach of the grant that let the caller in', () => {
    expect(decideAccess(ROLE_GRANTS.agent, route('scores:read', true), 'x')).toEqual({ allowed: true, reach: 'team' });
    expect(decideAccess(ROLE_GRANTS.analyst, route('scores:read', true), 'x')).toEqual({ allowed: true, reach: 'all' });
  });
});

describe('touchesOwners', () => {
  it('is true whenever the owner role is given or taken', () => {
    expect(touchesOwners(null, 'owner')).toBe(true);
    expect(touchesOwners('owner', 'admin')).toBe(true);
    expect(touchesOwners('owner', null)).toBe(true);
    expect(touchesOwners('admin', 'agent')).toBe(false);
    expect(touchesOwners(null, 'analyst')).toBe(false);
  });
});
