/**
 * The repository of the amendment aggregate: an amendment's record (storage/amendmentStore.ts) with its
 * branch `amendementen/<n>` in the document's git repository. Every verb on an existing amendment
 * (revise, update, cosign and its withdrawal, comment, review, decide, withdraw) runs the same prelude,
 * `withOpen`, under the document's amendment lock, in the order in which a client learns things:
 *
 *   1. the amendment the path names (404),
 *   2. the user, authorized with the amendment as target (401, 403): a refused caller learns nothing
 *      about the body, nor whether the amendment is still open,
 *   3. the body, validated with its schema (400),
 *   4. for a verb that ends the amendment (decide, withdraw): its merge already on main completes the
 *      record and refuses (409, mergedDecision.ts),
 *   5. open for the action (the state guard, domain/amendmentState.ts) and at the revision the client
 *      saw (`verwachteRevisie`), else 409,
 *
 * and then `fn`, which writes git, saves the record through `transition` (the one transition function)
 * and appends the audit entry, all still under the lock: git first, then the record, then the log.
 */
import { z } from 'zod';
import { currentRevision, type AmendmentRecord, type RevisionRecord } from '../../domain/amendmentModel.js';
import { isFinal, newAmendment, nextStatus, requireAction, transitionAmendment, type AmendmentAction, type Facts, type NewAmendment } from '../../domain/amendmentState.js';
import { StaleHead } from '../../errors.js';
import { proposerTarget } from '../../policies/amendmentTarget.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { authorize, type Action } from '../../policies/policies.js';
import { findAmendment } from '../../queries/amendmentQueries.js';
import type { DocumentRepository } from '../../storage/git/repository.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput, type Body } from '../../validation.js';
import { addAmendment, amendmentLock, saveAmendment } from './amendmentSupport.js';
import { refuseIfMerged } from './mergedDecision.js';

/** The verbs on an existing amendment: the state actions, with the decision's two outcomes as one verb. */
export type AmendmentVerb = Exclude<AmendmentAction, 'overnemen' | 'verwerpen'> | 'besluiten';

/** What each verb needs of the policy; the target is always the amendment (its proposer and co-signers). */
const POLICY: Record<AmendmentVerb, Action> = {
  herzien: 'amendment:own',
  bijwerken: 'amendment:own',
  intrekken: 'amendment:own',
  'mede-indienen': 'amendment:cosign',
  'mede-indiening-intrekken': 'amendment:cosign',
  reageren: 'amendment:comment',
  beoordelen: 'amendment:review',
  besluiten: 'amendment:decide',
};

export interface OpenBody<S extends z.ZodType> extends Body<S> {
  /** The revision the client saw, when the verb names one: 409 (stale revision) when it is no longer the current one. */
  seen?: (input: z.infer<S>) => string | undefined;
  /** For `besluiten`: the state action the valid input asks for (overnemen or verwerpen). */
  action?: (input: z.infer<S>) => AmendmentAction;
}

/** A verb without a body (co-signing). */
export const NO_BODY: Body<z.ZodUnknown> = { schema: z.unknown(), input: undefined, what: 'De invoer' };

/** What `fn` gets: the amendment as it is under the lock, its current revision, the authorized user and the valid input. */
export interface OpenAmendment<I> {
  repo: DocumentRepository;
  record: AmendmentRecord;
  rev: RevisionRecord;
  user: CurrentUser;
  input: I;
  /** The state action being taken (for `besluiten`, the outcome the input asks for). */
  action: AmendmentAction;
}

export class AmendmentRepository {
  /** `now`: the time of the request, for the records it writes. */
  constructor(
    private readonly stores: Stores,
    private readonly now = new Date(),
  ) {}

  /** The prelude of a verb on an existing amendment (see above), then `fn` under the document's lock. */
  async withOpen<S extends z.ZodType, T>(
    user: CurrentUser | null,
    verb: AmendmentVerb,
    slug: string,
    nummer: number,
    body: OpenBody<S>,
    fn: (open: OpenAmendment<z.infer<S>>) => Promise<T>,
  ): Promise<T> {
    const { repo } = findAmendment(this.stores, slug, nummer);
    return amendmentLock(this.stores, repo.slug).run(async () => {
      const { record } = findAmendment(this.stores, repo.slug, nummer);
      authorize(user, POLICY[verb], proposerTarget(record));
      const input = parseInput(body.schema, body.input, body.what);
      const action = body.action?.(input) ?? (verb === 'besluiten' ? undefined : verb);
      if (action === undefined) throw new Error('besluiten needs the action its input asks for');
      const ends = nextStatus(record.status, action);
      if (ends !== null && isFinal(ends)) await refuseIfMerged(this.stores, repo, record, this.now);
      requireAction(record, action);
      const rev = currentRevision(record);
      const seen = body.seen?.(input);
      if (seen !== undefined && seen !== rev.commit) throw new StaleHead(seen, rev.commit);
      return fn({ repo, record, rev, user, input, action });
    });
  }

  /** Applies `action` with its facts through the state machine and writes the new record (409 when not allowed: nothing is written). */
  async transition<A extends AmendmentAction>(record: AmendmentRecord, action: A, facts: Facts<A>): Promise<AmendmentRecord> {
    return saveAmendment(this.stores, transitionAmendment(record, action, facts));
  }

  /** Writes the record of a new amendment (call it under the document's lock). */
  async add(fields: NewAmendment): Promise<AmendmentRecord> {
    return addAmendment(this.stores, newAmendment(fields));
  }
}
