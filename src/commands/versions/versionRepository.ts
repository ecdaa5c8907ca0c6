/**
 * The repository of the version aggregate: a named version (its tag in git, which never moves) with its
 * ALV record (db.json `versies`). Every ALV verb (scheduleVersion, setDecisionText, recordAdoption) runs
 * the same prelude, `withNamed`, in the order in which a client learns things:
 *
 *   1. the named version the path names (404),
 *   2. the user, authorized for the action (401, 403): a refused caller learns nothing about the body,
 *   3. the body, validated with its schema (400),
 *
 * and then changes the record only through `transition` (domain/versionState.ts), inside the store's
 * update, so the state guard (409) and the write are one step: of two decisions at once, one wins.
 *
 * The other aggregates follow the same shape. For amendments it reads
 * `amendments.withOpen(user, action, slug, nummer, body, fn)`: under the document's lock, the record (404),
 * authorize with the record as target (401/403), the body (400), then open for the action and at the
 * revision the client saw (`verwachteRevisie`, 409), then `fn` with the record, the user and the input,
 * which writes git, saves the record through the transition function and appends the audit entry.
 */
import type { z } from 'zod';
import { transitionVersion, newVersionState, type VersionAction } from '../../domain/versionState.js';
import { findVersionState, type VersionStateRecord } from '../../domain/versionStatus.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { authorize, type Action } from '../../policies/policies.js';
import { findNamedVersion, type NamedVersion } from '../../queries/versionQueries.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput, type Body } from '../../validation.js';

export type { Body };

export class VersionRepository {
  constructor(private readonly stores: Stores) {}

  /** The prelude of an ALV verb (see above), then `fn` with the version, the authorized user and the valid input. */
  async withNamed<S extends z.ZodType, T>(
    user: CurrentUser | null,
    action: Action,
    slug: string,
    versie: string,
    body: Body<S>,
    fn: (nv: NamedVersion, user: CurrentUser, input: z.infer<S>) => Promise<T>,
  ): Promise<T> {
    const nv = findNamedVersion(this.stores, slug, versie);
    authorize(user, action);
    const input = parseInput(body.schema, body.input, body.what);
    return fn(nv, user, input);
  }

  /**
   * Applies `action` to the version's record (created when missing) and makes it durable. The
   * transition's guard runs inside the store's update: when it refuses (409), nothing changes.
   * Returns a copy of the new record.
   */
  transition(nv: NamedVersion, action: VersionAction): Promise<VersionStateRecord> {
    return this.stores.db.update((data) => {
      const current = findVersionState(data.versies, nv.repo.slug, nv.version.naam) ?? newVersionState(nv.repo.slug, nv.version);
      const next = transitionVersion(current, data.versies, action);
      const i = data.versies.indexOf(current);
      if (i < 0) data.versies.push(next);
      else data.versies[i] = next;
      return structuredClone(next);
    });
  }
}
