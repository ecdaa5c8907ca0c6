/**
 * The file system isomorphic-git writes through (git.init, writeObject, writeRef): every file it writes
 * is replaced durably and atomically (../durableFile.ts), under git's own names for temporary files:
 * `tmp_obj_*` beside a loose object (git ignores and later prunes them), `<file>.lock` for anything else
 * (refs, config: git's lock-file convention, so stock git never reads a half-written ref either).
 * Folders whose entries changed are fsynced by {@link GitFs.flush}.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PromiseFsClient } from 'isomorphic-git';
import { DurableWrites } from '../durableFile.js';

let tmpCounter = 0;

function isLooseObjectPath(file: string): boolean {
  return /^[0-9a-f]{38}$/.test(path.basename(file)) && /^[0-9a-f]{2}$/.test(path.basename(path.dirname(file)));
}

/** Runs a synchronous fs call, turning a throw into a rejection (isomorphic-git expects promises). */
async function syncCall<T>(call: () => T): Promise<T> {
  return call();
}

export class GitFs {
  readonly client: PromiseFsClient;
  private readonly writes: DurableWrites;

  /** `sync`: fsync files and folders (see DurableWrites). */
  constructor(sync: boolean) {
    const writes = new DurableWrites(sync);
    this.writes = writes;
    const p = fs.promises;
    this.client = {
      promises: {
        readFile: p.readFile,
        writeFile: (file: string, data: string | Uint8Array) => this.writeFile(file, data),
        unlink: p.unlink,
        readdir: p.readdir,
        mkdir: (dir: string, options?: fs.MakeDirectoryOptions) => syncCall(() => writes.mkdir(dir, options)),
        rmdir: p.rmdir,
        stat: (file: string) => syncCall(() => fs.statSync(file)),
        lstat: (file: string) => syncCall(() => fs.lstatSync(file)),
        readlink: p.readlink,
        symlink: p.symlink,
        chmod: p.chmod,
      },
    };
  }

  /** Atomic, durable replacement of one file of the repository. */
  writeFile(file: string, data: string | Uint8Array): Promise<void> {
    if (isLooseObjectPath(file)) {
      const temp = path.join(path.dirname(file), `tmp_obj_${process.pid}_${++tmpCounter}_${randomBytes(4).toString('hex')}`);
      return this.writes.replace(file, data, { temp, exclusive: true, mode: 0o444 });
    }
    return this.writes.replace(file, data, { temp: `${file}.lock`, exclusive: false, mode: 0o644 });
  }

  /** fsyncs every folder that gained entries since the last flush. */
  flush(): Promise<void> {
    return this.writes.flush();
  }
}
