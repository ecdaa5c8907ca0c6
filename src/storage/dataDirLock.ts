/**
 * An exclusive lock on the data folder: lowdb keeps its whole file in one process's memory, and this
 * app keeps an in-memory commit index, so two processes on one store would lose data. The lock is a
 * file `<dataDir>/.lock` created with O_EXCL holding the owner's pid; a lock whose pid no longer runs
 * (a killed process) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StartRefused } from '../errors.js';
import { createFileDurably } from './durableFile.js';

export class DataDirLocked extends StartRefused {
  readonly code = 'data_dir_locked';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data folder ${dataDir} is in use by another process (pid ${pid}). ` +
        'Stop that process first, or point DATA_DIR at another folder.',
    );
  }
}

export interface DataDirLock {
  release(): void;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createFileDurably(file, String(process.pid));
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
          } catch {
            // already gone: nothing to release
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processIsAlive(pid)) {
        throw new DataDirLocked(dataDir, pid);
      }
      // A stale lock of a process that died (or our own from an unclean earlier open): take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
