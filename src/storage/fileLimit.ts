/**
 * How many files this process reads, writes or fsyncs at once for the stores, over all repositories and
 * callers. Reading a 10,000-file tree with one unbounded `Promise.all` opened 10,000 files at once and
 * failed with EMFILE (and took the listening socket's `accept` down with it); the thread pool does at most
 * 4 file operations at a time anyway, so a small bound costs nothing.
 *
 * `FILE_CONCURRENCY` bounds each fan-out (`mapLimited`); `fileLimit` is the one queue every such file
 * operation takes a turn in. A task run by `fileLimit` must be one file operation and never wait for
 * another task of the same limit (it could wait for a slot it holds).
 */
import { ConcurrencyLimit } from '../collections.js';

export const FILE_CONCURRENCY = 16;

export const fileLimit = new ConcurrencyLimit(FILE_CONCURRENCY);
