/**
 * The objects of one bare repository on disk. The service writes loose objects only
 * (`objects/<2 hex>/<38 hex>`, encoded by objects.ts); packed objects appear after a manual `git gc` and
 * are read through isomorphic-git. Every read and write takes its turn in the process-wide file limit
 * (../fileLimit.ts), so however many callers fan out at once, the number of open files stays bounded.
 */
import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { mapLimited } from '../../collections.js';
import { FILE_CONCURRENCY, fileLimit } from '../fileLimit.js';
import type { GitFs } from './gitFs.js';
import { decodeLooseObject, type GitObject, type PreparedObject } from './objects.js';

function looseObjectPath(gitdir: string, oid: string): string {
  return path.join(gitdir, 'objects', oid.slice(0, 2), oid.slice(2));
}

/** For a read that failed: undefined when the file does not exist (the object may be packed), else rethrown. */
function absent(e: unknown): undefined {
  if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  return undefined;
}

export class ObjectStore {
  constructor(
    /** Absolute path of the bare repository. */
    readonly gitdir: string,
    /** Where writes go (durably); reads use plain `fs`. */
    private readonly writer: GitFs,
    /** isomorphic-git's object cache (pack indexes), shared by every call on this repository. */
    private readonly cache: object = {},
  ) {}

  /** Reads an object: loose file first (async I/O, inflated and verified here), then packs. */
  async read(oid: string): Promise<GitObject> {
    const data = await fileLimit.run(() => fs.promises.readFile(looseObjectPath(this.gitdir, oid)).catch(absent));
    return this.decode(oid, data);
  }

  /**
   * As {@link read}, with a synchronous loose-file read: for opening a repository (start-up, before the
   * server listens), where it is ~20x faster per small file and a history is a chain of dependent reads.
   */
  async readAtOpen(oid: string): Promise<GitObject> {
    let data: Buffer | undefined;
    try {
      data = fs.readFileSync(looseObjectPath(this.gitdir, oid));
    } catch (e) {
      data = absent(e);
    }
    return this.decode(oid, data);
  }

  /** Resolves when the object is there (a loose file, or readable from a pack); rejects otherwise. */
  async check(oid: string): Promise<void> {
    if (fs.existsSync(looseObjectPath(this.gitdir, oid))) return;
    await this.readPacked(oid);
  }

  /** Writes the objects (each once, in parallel so their fsyncs overlap); flush before naming them in a ref. */
  async write(objects: readonly PreparedObject[]): Promise<void> {
    const unique = [...new Map(objects.map((o) => [o.oid, o])).values()];
    await mapLimited(unique, FILE_CONCURRENCY, (o) =>
      fileLimit.run(() =>
        git.writeObject({ fs: this.writer.client, gitdir: this.gitdir, type: o.type, object: o.deflated, format: 'deflated', oid: o.oid }),
      ),
    );
  }

  /** A loose object's bytes decoded, or, when there is no loose file, the object from the packs. */
  private decode(oid: string, loose: Buffer | undefined): Promise<GitObject> | GitObject {
    return loose !== undefined ? decodeLooseObject(oid, loose) : this.readPacked(oid);
  }

  private async readPacked(oid: string): Promise<GitObject> {
    const r = await fileLimit.run(() => git.readObject({ fs, gitdir: this.gitdir, oid, format: 'content', cache: this.cache }));
    if (r.format !== 'content') throw new Error(`Unexpected object format for ${oid}.`);
    return { type: r.type, content: Buffer.from(r.object.buffer, r.object.byteOffset, r.object.byteLength) };
  }
}
