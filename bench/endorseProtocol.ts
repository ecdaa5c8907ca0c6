/**
 * Messages between run.ts (through endorsements.ts) and the endorsement child, endorseServe.ts.
 * The child owns the store: it builds it, serves the real app and the bare reference app, and answers
 * these requests one at a time (the orchestrator waits for each reply).
 */
import type { MemorySnapshot } from './protocol.js';

export interface EndorseServeRequest {
  /** Folder for the store and the scratch copies (inside the benchmark's temp folder). */
  dir: string;
  /** Endorsements to store in all (the seeded ones from the VNG letter included). */
  total: number;
  /**
   * Share of the register that endorses a version before the next one is named (e.g. 0.85): the rest
   * stays free for the timed writes.
   */
  perVersionShare: number;
  /** Probability that a build step also withdraws an active endorsement of an older version. */
  withdrawRate: number;
  /** Unix seconds of the seed version 1.0; the build's simulated clock runs from there to yesterday. */
  startTime: number;
}

/** A representative's API token, per organisation code. */
export interface Representative {
  code: string;
  type: string;
  token: string;
}

export interface EndorseReady {
  type: 'endorse-ready';
  /** The real app (createApp) on 127.0.0.1. */
  port: number;
  /** The bare express app that serves bytes from memory (the reference). */
  barePort: number;
  setupMs: number;
  representatives: Representative[];
  /** Endorsements per version before the next is named (perVersionShare of the register). */
  perVersion: number;
  /** Endorsements stored after initialiseStore (the VNG letter's). */
  stored: number;
  afterSetup: MemorySnapshot;
}

/** The write-time curve of the build: one bucket per `size` endorsements. */
export interface EndorseBucket {
  /** Endorsements stored at the end of this bucket. */
  upTo: number;
  size: number;
  /** endorseVersion as a whole, per endorsement (ms). */
  mean: number;
  median: number;
  p90: number;
  max: number;
  /** Per endorsement (mean ms) inside endorseVersion: EndorsementLog.endorse (append + fsync) and AuditLog.append (+ fsync). */
  log: number;
  audit: number;
  /** Size of onderschrijvingen.jsonl and audit.jsonl at the end of the bucket. */
  logBytes: number;
  auditBytes: number;
}

export type EndorseCommand =
  | { type: 'fill'; upTo: number }
  | { type: 'free'; count: number }
  | { type: 'reference'; url: string; file: string; headers: Record<string, string> }
  | { type: 'alone'; runs: number }
  | { type: 'verify' }
  | { type: 'memory' }
  | { type: 'stop' };

export interface EndorseFilled {
  type: 'filled';
  stored: number;
  /** Buckets completed during this fill. */
  buckets: EndorseBucket[];
  /** Build time of this fill (endorsements, withdrawals and version naming). */
  ms: number;
  endorsements: number;
  withdrawals: number;
  /** Mean time of a withdrawal (withdrawEndorsement: log + audit) in this fill. */
  withdrawMs: number;
  versionsNamed: number;
  /** Mean time of naming one version (a draft commit + nameVersion) in this fill. */
  nameMs: number;
  /** All named versions of the document, newest first. */
  versions: string[];
  withdrawn: number;
}

/** Free (organisation, version) pairs: no active endorsement yet; newest version first. */
export interface EndorseFree {
  type: 'free-pairs';
  pairs: { code: string; versie: string }[];
}

export interface EndorseReferenced {
  type: 'referenced';
  bytes: number;
}

/** EndorsementLog.endorse and AuditLog.append alone, on scratch copies of the store's two files. */
export interface EndorseAlone {
  type: 'alone';
  stored: number;
  /** EndorsementLog.open of the copy (read, parse and index every event): what a start pays. */
  openLogMs: number;
  /** AuditLog.open of the copy. */
  openAuditMs: number;
  logBytes: number;
  auditBytes: number;
  /** One timing per run (ms). */
  log: number[];
  audit: number[];
}

export interface EndorseVerified {
  type: 'verified';
  /** A fresh EndorsementLog.openWithReport of the store's file. */
  events: number;
  records: number;
  withdrawn: number;
  cutBytes: number;
  openMs: number;
  /** Endorsement entries in the audit log (endorsed + withdrawn) and whether the hash chain verifies. */
  auditEndorsed: number;
  auditWithdrawn: number;
  chainOk: boolean;
  organisations: number;
  versions: number;
}

export interface EndorseMemory {
  type: 'endorse-memory';
  memory: MemorySnapshot;
  afterGc: MemorySnapshot;
}
