import { describe, expect, it } from 'vitest';
import { AMENDMENT_STATUSES } from '../../src/domain/amendmentModel.js';
import { AMENDMENT_ACTIONS, allowedActions, canAct, isFinal, nextStatus } from '../../src/domain/amendmentState.js';

describe('amendment state machine', () => {
  it('an open amendment allows every verb; only the decisions and withdrawal change its status', () => {
    expect(allowedActions('ingediend')).toEqual([...AMENDMENT_ACTIONS]);
    expect(nextStatus('ingediend', 'overnemen')).toBe('overgenomen');
    expect(nextStatus('ingediend', 'verwerpen')).toBe('verworpen');
    expect(nextStatus('ingediend', 'intrekken')).toBe('ingetrokken');
    for (const a of ['herzien', 'bijwerken', 'mede-indienen', 'mede-indiening-intrekken', 'reageren', 'beoordelen'] as const) {
      expect(nextStatus('ingediend', a), a).toBe('ingediend');
    }
    expect(isFinal('ingediend')).toBe(false);
  });

  it('the three outcomes are final: nothing acts on them any more (deciding twice, acting on a withdrawn one)', () => {
    for (const s of ['overgenomen', 'verworpen', 'ingetrokken'] as const) {
      expect(isFinal(s), s).toBe(true);
      expect(allowedActions(s), s).toEqual([]);
      for (const a of AMENDMENT_ACTIONS) {
        expect(canAct(s, a), `${s} ${a}`).toBe(false);
        expect(nextStatus(s, a), `${s} ${a}`).toBeNull();
      }
    }
  });

  it('every status is covered and every transition leads to a known status', () => {
    for (const s of AMENDMENT_STATUSES) {
      for (const a of allowedActions(s)) expect(AMENDMENT_STATUSES).toContain(nextStatus(s, a));
    }
    // Only `ingediend` is ever reached from the start, and every status is reachable from it.
    const reachable = new Set(allowedActions('ingediend').map((a) => nextStatus('ingediend', a)));
    expect([...reachable].sort()).toEqual([...AMENDMENT_STATUSES].sort());
  });
});
