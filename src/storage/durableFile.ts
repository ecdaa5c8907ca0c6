/**
 * Durable file writes, for every store file: the git objects and refs (through git/gitFs.ts), the lowdb
 * files, the audit log and the endorsement log, the data folder lock. "Durable" means: when the promise
 * resolves (or the call returns), the bytes and the folder entry that names them survive a crash or power
 * loss, as far as the OS and the disk honour fsync. Three ways to get there, one home each:
 *
 * - a new file: {@link createFileDurably} (exclusive create, fsync the file and its folder); a new folder:
 *   {@link makeFolderDurably}; a folder assembled under a temporary name: {@link renameDurably};
 * - a replaced file: {@link DurableWrites.replace} (temporary file in the same folder, fsync, rename over
 *   the target, the folder fsynced by {@link DurableWrites.flush}), so no reader ever sees half a file;
 *   {@link syncFileAndFolder} for a file a library has just replaced that way without fsync (lowdb);
 *   {@link replaceFileDurably} for one file replaced on its own (the amendment files), every call
 *   asynchronous;
 * - an appended line: {@link appendDurably} (write, fsync; on failure the file is cut back, so a failed
 *   append never leaves half a line for the next one to follow).
 */
import fs from 'node:fs';
import path from 'node:path';
import { mapLimited } from '../collections.js';
import { FILE_CONCURRENCY, fileLimit } from './fileLimit.js';

/** fsync of a file or a folder by its path (synchronous: for starts and small files). */
export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * fsync of a file or a folder without blocking the event loop while the disk works; for a folder, the
 * entries it gained (new or renamed files) survive a crash.
 */
export async function fsyncPathAsync(p: string): Promise<void> {
  const handle = await fs.promises.open(p, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync of an open file descriptor, without blocking the event loop while the disk works. */
export function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));
}

/** fsyncs a file that was just written (and renamed into place) and the folder that holds it. */
export function syncFileAndFolder(file: string): void {
  fsyncPath(file);
  fsyncPath(path.dirname(file));
}

/**
 * Creates `file` with `content` (failing with EEXIST if it exists) and makes the file and its entry in
 * the folder durable: a new store's files exist on disk before its first document does, so a later start
 * can tell "a new store" from "a store that lost a file".
 */
export function createFileDurably(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content, { flag: 'wx' });
  syncFileAndFolder(file);
}

/**
 * Creates `dir` and any missing parents; with `sync`, fsyncs the folder above each one it created, so
 * the new folders themselves survive a crash (e.g. `<store>/documents` on the first start).
 */
export async function makeFolderDurably(dir: string, sync: boolean): Promise<void> {
  const firstCreated = await fs.promises.mkdir(dir, { recursive: true });
  if (firstCreated === undefined || !sync) return;
  for (let d = dir; d !== path.dirname(firstCreated); d = path.dirname(d)) await fsyncPathAsync(path.dirname(d));
}

/**
 * Renames `from` (a file or a whole folder assembled beside it) to `to`; with `sync`, fsyncs the folder
 * that holds `to`, so the new name survives a crash. Errors of the rename (e.g. ENOTEMPTY when `to` is a
 * folder that exists) propagate unchanged.
 */
export async function renameDurably(from: string, to: string, sync: boolean): Promise<void> {
  await fs.promises.rename(from, to);
  if (sync) await fsyncPathAsync(path.dirname(to));
}

/**
 * Appends `data` to `file` (created if missing) and fsyncs it. If the write or the fsync fails, the file
 * is cut back to its length before the append, so the next append starts on a line of its own.
 */
export async function appendDurably(file: string, data: Buffer): Promise<void> {
  const handle = await fs.promises.open(file, 'a');
  try {
    const before = (await handle.stat()).size;
    try {
      // appendFile writes until every byte is out (a single write may stop short, e.g. at a file size limit).
      await handle.appendFile(data);
      await handle.sync();
    } catch (e) {
      await handle.truncate(before).catch(() => undefined);
      throw e;
    }
  } finally {
    await handle.close();
  }
}

/** How {@link DurableWrites.replace} names and creates the temporary file. */
export interface ReplaceOptions {
  /** The temporary file, in the same folder as the target (a rename is only atomic within one file system). */
  temp: string;
  /** Fail when the temporary file exists (unique names) instead of overwriting it (a lock-file name). */
  exclusive: boolean;
  /** The file mode of the new file. */
  mode: number;
}

/**
 * Atomic, durable replacement of files, with the folder fsyncs batched: {@link replace} writes, fsyncs
 * and renames each file and remembers its folder; {@link flush} fsyncs every remembered folder at once.
 * A caller flushes at the points where order matters (e.g. git's objects before the ref that names them).
 * With `sync` false (bulk imports, benchmarks) nothing is fsynced: writes stay atomic (rename) but are
 * only as durable as the page cache.
 *
 * The small open/write/close/rename calls are synchronous: they hit the page cache and take
 * microseconds, where each async call costs a thread-pool round trip (~50 us). The fsyncs, which wait
 * for the disk, are asynchronous so the event loop keeps serving other requests meanwhile.
 */
export class DurableWrites {
  private readonly dirtyDirs = new Set<string>();

  constructor(readonly sync: boolean) {}

  async replace(file: string, data: string | Uint8Array, options: ReplaceOptions): Promise<void> {
    const { temp } = options;
    // ENOENT (missing folder) propagates: the caller may create the folder and retry.
    const fd = fs.openSync(temp, options.exclusive ? 'wx' : 'w', options.mode);
    try {
      try {
        fs.writeFileSync(fd, data);
        if (this.sync) await fsyncFd(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temp, file);
    } catch (e) {
      fs.rmSync(temp, { force: true });
      throw e;
    }
    this.dirtyDirs.add(path.dirname(file));
  }

  /** `mkdir`, remembering the parent folder for {@link flush}. */
  mkdir(dir: string, options?: fs.MakeDirectoryOptions): string | undefined {
    const made = fs.mkdirSync(dir, options);
    this.dirtyDirs.add(path.dirname(dir));
    return made;
  }

  /** fsyncs every folder that gained entries since the last flush. */
  async flush(): Promise<void> {
    const dirs = [...this.dirtyDirs];
    this.dirtyDirs.clear();
    if (!this.sync) return;
    await mapLimited(dirs, FILE_CONCURRENCY, (dir) => fileLimit.run(() => fsyncPathAsync(dir)));
  }
}

/** The name of a temporary file beside `file`: hidden, and ending in `.tmp` so an open can recognise and remove it. */
let tempCounter = 0;
export function tempFileFor(file: string): string {
  tempCounter += 1;
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${tempCounter}.tmp`);
}

/** True for a name `tempFileFor` makes. */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/**
 * Replaces `file` with `content` atomically and durably: a temporary file beside it is written, fsynced
 * and renamed over it, then the folder is fsynced. When this resolves the new content survives a crash;
 * a crash before leaves the old file (and perhaps the temporary one, which was never acknowledged).
 * Every call is asynchronous, the small ones too: they cost a thread-pool round trip each (~0.05 ms),
 * but on a busy disk a rename or a close can wait for the file system's journal for milliseconds, and
 * the event loop must keep serving other requests meanwhile.
 */
export async function replaceFileDurably(file: string, content: string | Uint8Array): Promise<void> {
  const tmp = tempFileFor(file);
  const handle = await fs.promises.open(tmp, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  await fsyncPathAsync(path.dirname(file));
}
