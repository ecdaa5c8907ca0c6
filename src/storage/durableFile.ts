/** Small durable-file helpers shared by the store files (lowdb files, the logs, the amendment files). */
import fs from 'node:fs';
import path from 'node:path';

export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** fsync of an open file descriptor, without blocking the event loop while the disk works. */
export function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));
}

/** `fsyncPath` without blocking the event loop (a file or a folder). */
export async function fsyncPathAsync(p: string): Promise<void> {
  const handle = await fs.promises.open(p, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates `file` with `content` (failing if it exists) and makes the file and its entry in the folder
 * durable: a new store's files exist on disk before its first document does, so a later start can
 * tell "a new store" from "a store that lost a file".
 */
export function createFileDurably(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content, { flag: 'wx' });
  fsyncPath(file);
  fsyncPath(path.dirname(file));
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
export async function replaceFileDurably(file: string, content: string): Promise<void> {
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
