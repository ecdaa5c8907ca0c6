/**
 * Name the current draft as a version (secretaris, beheerder): an annotated tag `v<naam>` on `main`.
 * The name is the next minor or major after the newest version (1.0 -> 1.1 or 2.0), so version
 * numbers tell the order in which texts were published, and the draft must differ from that version. Git first, then the audit log (DESIGN.md section 4).
 * Optionally guarded by the draft commit the secretary looked at (`verwachtConcept`): if the draft
 * moved since, the name would land on a text nobody reviewed, so that is a 409.
 */
import { findVersionState, namedVersionStatus, versionNumber } from '../../domain/versionStatus.js';
import { versionNaming } from '../../queries/versionNaming.js';
import { Conflict, InvalidInput, StaleHead } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { VersionInfo } from '../../storage/gitStore.js';
import type { Stores } from '../../storage/stores.js';
import { auditActor } from '../users/userRules.js';
import { accountEmail, gitName } from '../../domain/gitIdentity.js';
import type { z } from 'zod';
import type { nameVersionSchema } from '../../schemas/documents.js';

/** What nameVersionSchema lets through (src/schemas/documents.ts). */
export type NameVersionInput = z.output<typeof nameVersionSchema>;

function parseVersion(naam: string): [number, number] {
  const n = versionNumber(naam);
  if (n === null) throw new InvalidInput('De versienaam is niet geldig.', [{ name: 'naam', reason: 'Gebruik de vorm 1.1 of 2.0.' }]);
  return n;
}

export async function nameVersion(stores: Stores, user: CurrentUser | null, slug: string, input: NameVersionInput, now = new Date()): Promise<VersionInfo> {
  const repo = stores.documents.get(slug);
  authorize(user, 'version:name');
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
  await stores.audit.append({
    actie: 'versie-benoemd',
    actor: auditActor(user),
    object: { soort: 'versie', id: `${slug}@${version.naam}` },
    gegevens: { document: slug, naam: version.naam, commit: version.commit, tree: version.tree, tag: version.tagOid },
  });
  return version;
}
