import { describe, expect, it } from 'vitest';
import { NotAllowed, NotSignedIn } from '../../src/errors.js';
import type { CurrentUser } from '../../src/policies/currentUser.js';
import { authorize, can } from '../../src/policies/policies.js';

const user = (rol: CurrentUser['rol'], org: string | null = null): CurrentUser => ({
  id: `u-${rol}`,
  naam: rol,
  email: `${rol}@example.org`,
  rol,
  organisatie: org ? { code: org, naam: org } : null,
  via: 'sessie',
});

describe('policies', () => {
  it('naming a version: secretaris and beheerder only', () => {
    expect(can(user('secretaris'), 'version:name')).toBe(true);
    expect(can(user('beheerder'), 'version:name')).toBe(true);
    expect(can(user('werkgroeplid'), 'version:name')).toBe(false);
    expect(can(user('vertegenwoordiger', 'GM0363'), 'version:name')).toBe(false);
    expect(can(null, 'version:name')).toBe(false);
  });

  it('the ALV adoption (agenda, decision text, the assembly’s decision): secretaris only', () => {
    for (const action of ['version:schedule', 'version:adopt'] as const) {
      expect(can(user('secretaris'), action)).toBe(true);
      for (const rol of ['beheerder', 'werkgroeplid', 'vertegenwoordiger'] as const) expect(can(user(rol, 'GM0363'), action)).toBe(false);
      expect(() => authorize(null, action)).toThrow(NotSignedIn);
      expect(() => authorize(user('beheerder'), action)).toThrow(NotAllowed);
    }
  });

  it('managing users and reading the audit log: beheerder only', () => {
    for (const action of ['user:manage', 'audit:read', 'organisation:manage'] as const) {
      expect(can(user('beheerder'), action)).toBe(true);
      for (const rol of ['secretaris', 'werkgroeplid', 'vertegenwoordiger'] as const) expect(can(user(rol, 'GM0363'), action)).toBe(false);
    }
  });

  it('acting for an organisation: only one’s own', () => {
    const rep = user('vertegenwoordiger', 'GM0363');
    expect(can(rep, 'organisation:act-for', { organisatie: 'GM0363' })).toBe(true);
    expect(can(rep, 'organisation:act-for', { organisatie: 'GM0344' })).toBe(false);
    expect(can(rep, 'organisation:act-for')).toBe(false);
    expect(can(user('werkgroeplid'), 'organisation:act-for', { organisatie: 'GM0363' })).toBe(false);
    expect(can(user('beheerder'), 'organisation:act-for', { organisatie: 'GM0363' })).toBe(false);
  });

  it('amendments: who proposes for whom, owns, co-signs, reviews and decides', () => {
    const rep = user('vertegenwoordiger', 'GM0363');
    const wg = user('werkgroeplid', 'GM0855');
    const wgAlone = user('werkgroeplid');
    // Proposing: at all; for one's own organisation; for oneself only as a working-group member.
    for (const u of [rep, wg, wgAlone]) expect(can(u, 'amendment:propose')).toBe(true);
    for (const u of [user('secretaris'), user('beheerder')]) expect(can(u, 'amendment:propose')).toBe(false);
    expect(can(rep, 'amendment:propose', { indienerOrganisatie: 'GM0363' })).toBe(true);
    expect(can(rep, 'amendment:propose', { indienerOrganisatie: 'GM0344' })).toBe(false);
    expect(can(rep, 'amendment:propose', { indienerOrganisatie: null })).toBe(false);
    expect(can(wg, 'amendment:propose', { indienerOrganisatie: 'GM0855' })).toBe(true);
    expect(can(wg, 'amendment:propose', { indienerOrganisatie: null })).toBe(true);
    expect(can(wgAlone, 'amendment:propose', { indienerOrganisatie: 'GM0855' })).toBe(false);
    // Owning: the proposer, or a representative of the proposing organisation.
    expect(can(wg, 'amendment:own', { indiener: wg.id, indienerOrganisatie: 'GM0855' })).toBe(true);
    expect(can(user('vertegenwoordiger', 'GM0855'), 'amendment:own', { indiener: 'iemand', indienerOrganisatie: 'GM0855' })).toBe(true);
    expect(can(user('werkgroeplid', 'GM0855'), 'amendment:own', { indiener: 'iemand', indienerOrganisatie: 'GM0855' })).toBe(false);
    expect(can(rep, 'amendment:own', { indiener: 'iemand', indienerOrganisatie: null })).toBe(false);
    // Co-signing: a representative of another organisation than the proposer's.
    expect(can(rep, 'amendment:cosign', { indiener: 'iemand', indienerOrganisatie: 'GM0855' })).toBe(true);
    expect(can(rep, 'amendment:cosign', { indiener: 'iemand', indienerOrganisatie: 'GM0363' })).toBe(false);
    expect(can(wg, 'amendment:cosign', { indiener: 'iemand', indienerOrganisatie: null })).toBe(false);
    // Reviewing: the working group, not one's own; deciding: the secretary.
    expect(can(wg, 'amendment:review', { indiener: 'iemand' })).toBe(true);
    expect(can(wg, 'amendment:review', { indiener: wg.id })).toBe(false);
    expect(can(rep, 'amendment:review', { indiener: 'iemand' })).toBe(false);
    expect(can(user('secretaris'), 'amendment:decide')).toBe(true);
    // Not on an amendment one proposed or co-signed (a proposer or representative made secretary later).
    const sec = user('secretaris');
    expect(can(sec, 'amendment:decide', { indiener: 'iemand', medeIndieners: ['ander'] })).toBe(true);
    expect(can(sec, 'amendment:decide', { indiener: sec.id, medeIndieners: [] })).toBe(false);
    expect(can(sec, 'amendment:decide', { indiener: 'iemand', medeIndieners: ['ander', sec.id] })).toBe(false);
    expect(() => authorize(sec, 'amendment:decide', { indiener: sec.id })).toThrow(/ingediend of mede ingediend/);
    expect(() => authorize(user('werkgroeplid'), 'amendment:decide', { indiener: 'u-werkgroeplid' })).toThrow(/Alleen de secretaris/);
    for (const u of [rep, wg, user('beheerder')]) expect(can(u, 'amendment:decide')).toBe(false);
    for (const u of [rep, wg, user('secretaris'), user('beheerder')]) expect(can(u, 'amendment:comment')).toBe(true);
    expect(can(null, 'amendment:comment')).toBe(false);
  });

  it('authorize throws 401 without a user and 403 when not allowed', () => {
    expect(() => authorize(null, 'version:name')).toThrow(NotSignedIn);
    expect(() => authorize(user('werkgroeplid'), 'version:name')).toThrow(NotAllowed);
    expect(() => authorize(user('vertegenwoordiger', 'GM0363'), 'organisation:act-for', { organisatie: 'GM0344' })).toThrow(NotAllowed);
    expect(() => authorize(user('secretaris'), 'version:name')).not.toThrow();
  });

  it('endorsing: representatives only, for their own organisation', () => {
    expect(can(user('vertegenwoordiger', 'GM0363'), 'endorsement:give', { organisatie: 'GM0363' })).toBe(true);
    expect(can(user('vertegenwoordiger', 'GM0363'), 'endorsement:give', { organisatie: 'GM0344' })).toBe(false);
    expect(can(user('werkgroeplid', 'GM0363'), 'endorsement:give', { organisatie: 'GM0363' })).toBe(false);
    expect(can(user('secretaris', 'VNG'), 'endorsement:give', { organisatie: 'VNG' })).toBe(false);
    expect(can(null, 'endorsement:give', { organisatie: 'GM0363' })).toBe(false);
  });
});
