/**
 * Renders adoption documents in one worker thread (see adoptionFile.ts for why), one at a time in the
 * order asked. The worker starts on first use and stops after 10 seconds without work, which gives the
 * memory of a large render back (a worker's heap is its own; V8 keeps it while the thread lives); it
 * never keeps the process alive while idle. If it dies (e.g. out of memory), the renders it had are
 * refused with the error and the next one starts a new worker: the service itself keeps running.
 */
import { Worker } from 'node:worker_threads';
import type { AdoptionDocument } from '../../domain/adoptionDocument.js';
import type { AdoptionFormat } from './text.js';

export interface RenderRequest {
  id: number;
  doc: AdoptionDocument;
  format: AdoptionFormat;
}

export type RenderReply = { id: number; name: string; body: ArrayBuffer } | { id: number; error: string };

interface Pending {
  resolve: (file: { body: Buffer; name: string }) => void;
  reject: (e: Error) => void;
}

/** How long an idle worker waits for more work before it stops. */
const IDLE_MS = 10_000;

let worker: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;
let rendered = 0;

/** How many documents this process has rendered off-thread (for diagnostics and tests). */
export function offThreadRenders(): number {
  return rendered;
}

function failAll(error: Error): void {
  for (const p of pending.values()) p.reject(error);
  pending.clear();
}

function start(): Worker {
  // A JavaScript entry that registers tsx, then loads the TypeScript worker (workers do not inherit the loader).
  const w = new Worker(new URL('./renderWorkerEntry.mjs', import.meta.url));
  w.on('message', (m: RenderReply) => {
    const p = pending.get(m.id);
    if (p === undefined) return;
    pending.delete(m.id);
    if (pending.size === 0) {
      w.unref();
      idle = setTimeout(() => {
        if (worker === w && pending.size === 0) {
          worker = null;
          void w.terminate();
        }
      }, IDLE_MS);
      idle.unref();
    }
    if ('error' in m) p.reject(new Error(`Rendering the adoption document failed: ${m.error}`));
    else {
      rendered += 1;
      p.resolve({ body: Buffer.from(m.body), name: m.name });
    }
  });
  w.on('error', (e) => {
    if (worker === w) worker = null;
    failAll(e);
  });
  w.on('exit', (code) => {
    if (worker !== w) return; // stopped when idle: nothing was pending
    worker = null;
    failAll(new Error(`The adoption document renderer stopped (exit code ${code}).`));
  });
  return w;
}

export function renderOffThread(doc: AdoptionDocument, format: AdoptionFormat): Promise<{ body: Buffer; name: string }> {
  if (idle !== null) clearTimeout(idle);
  idle = null;
  worker ??= start();
  const w = worker;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // Keep the process alive while a render is due (a CLI run may have nothing else to wait for).
    w.ref();
    const request: RenderRequest = { id, doc, format };
    w.postMessage(request);
  });
}
