import { DISPLAY_NAME_MAX_LENGTH, displayNameSchema, senderNameOf } from './display-name';

describe('displayNameSchema', () => {
  it('trims, and keeps null as "no name of its own"', () => {
    expect(displayNameSchema.parse('  Acme Oy ')).toBe('Acme Oy');
    expect(displayNameSchema.parse(null)).toBeNull();
    expect(displayNameSchema.parse('Ålands “Bästa” & Co')).toBe('Ålands “Bästa” & Co');
  });

  it('refuses empty, too long and control characters', () => {
    for (const bad of ['', '   ', 'x'.repeat(DISPLAY_NAME_MAX_LENGTH + 1), 'Acme\nBcc: x@y', 'Ac\u0000me', 'A\tB', 42])
      expect(displayNameSchema.safeParse(bad).success).toBe(false);
    expect(displayNameSchema.safeParse('x'.repeat(DISPLAY_NAME_MAX_LENGTH)).success).toBe(true);
    expect(displayNameSchema.safeParse(`  ${'x'.repeat(DISPLAY_NAME_MAX_LENGTH)}  `).success).toBe(true);
  });
});

describe('senderNameOf', () => {
  it("is the workspace's display name, else the company name", () => {
    expect(senderNameOf('Acme', 'Palaute')).toBe('Acme');
    expect(senderNameOf(null, 'Palaute')).toBe('Palaute');
  });
});
