/** Messages between bench/adoption.ts (section 8) and its child, bench/adoptionServe.ts. */
import type { MemorySnapshot } from './protocol.js';

/** The benchmark document's slug. */
export const ADOPTION_SLUG = 'groot';

export interface AdoptionBuilt {
  type: 'adoption-built';
  storeDir: string;
  gitDir: string;
  principles: number;
  amendments: number;
  direct: number;
  /** Sentences the redline 1.0 -> 1.1 changes (distinct principle lines edited). */
  changedSentences: number;
  /** The proposers' names as Word's tracked changes show them, and the direct committer's. */
  authors: string[];
  importMs: number;
  historyMs: number;
  seedBytes: number;
}

export interface AdoptionReady {
  type: 'adoption-ready';
  port: number;
  openMs: number;
  afterOpen: MemorySnapshot;
}

export interface AdoptionMemory {
  type: 'adoption-memory';
  afterGc: MemorySnapshot;
  /** Peak resident set size of the serving process since it started (bytes). */
  maxRss: number;
}
