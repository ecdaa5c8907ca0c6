/**
 * What the next version of a document may be called, and whether the draft differs from the newest
 * version at all. One reading for the naming command (which refuses what this does not allow) and the
 * versions page (which shows the allowed names, or that there is nothing new to name).
 */
import { compareVersionNames, nextVersionNames, versionNumber } from '../domain/versionStatus.js';
import type { DocumentRepository } from '../storage/git/repository.js';
import type { VersionInfo } from '../storage/git/types.js';

export interface VersionNaming {
  /** The highest named version, if any. */
  newest: VersionInfo | undefined;
  /** The names the next version may take, e.g. `['1.2', '2.0']`. */
  next: string[];
  /** The newest version's name when the draft's text (its tree) is exactly that version's; else null. */
  unchangedSince: string | null;
}

export function versionNaming(repo: DocumentRepository): VersionNaming {
  const newest = [...repo.versions()].sort((a, b) => compareVersionNames(b.naam, a.naam))[0];
  const number = newest === undefined ? null : versionNumber(newest.naam);
  const next = nextVersionNames(number).map(([a, b]) => `${a}.${b}`);
  const unchangedSince = newest !== undefined && newest.tree === repo.head().tree ? newest.naam : null;
  return { newest, next, unchangedSince };
}
