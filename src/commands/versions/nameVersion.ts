/**
 * Name the current draft as a version (secretaris, beheerder): an annotated tag `v<naam>` on `main`.
 * The name is the next minor or major after the newest version (1.0 -> 1.1 or 2.0), so version
 * numbers tell the order in which texts were published, and the draft must differ from that version.
 * Git first, then the audit log: a tag without its entry (a crash in between) gets it at the next start
 * (setup/reconcileVersions.ts).
 * Optionally guarded by the draft commit the secretary looked at (`verwachtConcept`): if the draft
 * moved since, the name would land on a text nobody reviewed, so that is a 409.
 */
import { versionNamed } from '../../domain/auditEvents.js';
import { accountEmail, gitName } from '../../domain/gitIdentity.js';
import { findVersionState, namedVersionStatus, versionNumber } from '../../domain/versionStatus.js';
import { Conflict, InvalidInput, StaleHead } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { authorize } from '../../policies/policies.js';
import { versionNaming } from '../../queries/versionNaming.js';
import { nameVersionSchema } from '../../schemas/documents.js';
import type { VersionInfo } from '../../storage/git/types.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';

function parseVersion(naam: string): [number, number] {
  const n = versionNumber(naam);
  if (n === null) throw new InvalidInput('De versienaam is niet geldig.', [{ name: 'naam', reason: 'Gebruik de vorm 1.1 of 2.0.' }]);
  return n;
}

/** `input`: `{naam, toelichting, verwachtConcept?}`. Order: the document (404), 401/403, the input (400), the naming rules (400, 409). */
export async function nameVersion(stores: Stores, user: CurrentUser | null, slug: string, body: unknown, now = new Date()): Promise<VersionInfo> {
  const repo = stores.documents.get(slug);
  authorize(user, 'version:name');
  const input = parseInput(nameVersionSchema, body, 'De versie');
  const [major, minor] = parseVersion(input.naam);
  const existing = repo.versions();
  if (existing.some((v) => v.naam === `${major}.${minor}`)) {
    const adopted = namedVersionStatus(findVersionState(stores.db.data.versies, repo.slug, `${major}.${minor}`)) === 'vastgesteld';
    throw new Conflict(
      adopted
        ? `Versie ${major}.${minor} is vastgesteld door de ALV: haar tag wordt nooit verplaatst of verwijderd.`
        : `Versie ${major}.${minor} bestaat al en wordt nooit verplaatst.`,
      { naam: input.naam, ...(adopted ? { status: 'vastgesteld' } : {}) },
    );
  }
  const naming = versionNaming(repo);
  if (!naming.next.includes(`${major}.${minor}`)) {
    throw new InvalidInput('De versienaam is niet geldig.', [
      {
        name: 'naam',
        reason: naming.newest
          ? `Kies het volgende nummer na de nieuwste versie ${naming.newest.naam}: ${naming.next.join(' of ')}.`
          : `Kies ${naming.next.join(' of ')} voor de eerste versie.`,
      },
    ]);
  }
  const head = repo.head();
  if (input.verwachtConcept !== undefined && input.verwachtConcept !== head.oid) {
    throw new StaleHead(input.verwachtConcept, head.oid);
  }
  // A version that repeats the newest one would ask every municipality to look at "what changed"
  // where nothing did, and split the endorsements over two names for one text.
  if (naming.unchangedSince !== null) {
    throw new Conflict(`Het concept is gelijk aan versie ${naming.unchangedSince}: er is niets veranderd om als nieuwe versie te benoemen.`, {
      naam: input.naam,
      gelijkAan: naming.unchangedSince,
    });
  }
  const version = await repo.nameVersion({
    naam: `${major}.${minor}`,
    message: `Versie ${major}.${minor}\n\n${input.toelichting.trim()}\n`,
    commit: head.oid,
    tagger: {
      name: gitName(user.naam, user.organisatie?.naam),
      email: accountEmail(user.id),
      timestamp: Math.floor(now.getTime() / 1000),
      timezoneOffset: 0,
    },
  });
  await stores.audit.append(versionNamed(user, slug, version));
  return version;
}
