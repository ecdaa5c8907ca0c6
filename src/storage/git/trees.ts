/**
 * Trees and file texts of one repository, read through its ObjectStore and kept in memory: trees and
 * blobs never change, so a tree read once (its entries) and a tree's texts read once stay valid until the
 * caches drop them.
 *
 * The caches are bounded by size, not by count: a tree of the seed document has 5 entries, one of a
 * 10,000-principle document 10,001, and a count bound sized for the first held gigabytes of the second.
 * Trees: entries in total (~250 bytes each). Texts: characters in total, plus a fixed charge per text.
 */
import { LruCache, mapLimited } from '../../collections.js';
import { FILE_CONCURRENCY } from '../fileLimit.js';
import type { ObjectStore } from './looseObjects.js';
import { parseTree, type TreeEntries, type TreeEntry } from './objects.js';
import type { FileChange } from './types.js';

const TREE_CACHE_ENTRIES = 200_000;
const TEXT_CACHE_CHARS = 16_000_000;
const TEXT_CACHE_CHARGE = 4_096;

type Texts = ReadonlyMap<string, string>;

function textWeight(texts: Texts): number {
  let chars = TEXT_CACHE_CHARGE;
  for (const [name, text] of texts) chars += name.length + text.length;
  return chars;
}

/**
 * An LRU cache whose misses are loaded once: concurrent callers of one key share one load, a finished
 * load is kept, a failed one (e.g. a transient read error) is not.
 */
class LoadingCache<V> {
  private readonly loads = new Map<string, Promise<V>>();

  constructor(readonly cache: LruCache<string, V>) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    const pending = this.loads.get(key);
    if (pending !== undefined) return pending;
    const loading = load();
    this.loads.set(key, loading);
    loading.then(
      (value) => {
        this.cache.set(key, value);
        this.loads.delete(key);
      },
      () => this.loads.delete(key),
    );
    return loading;
  }
}

export class TreeReader {
  private readonly trees = new LoadingCache(new LruCache<string, TreeEntries>(TREE_CACHE_ENTRIES, (e) => e.size + 1));
  private readonly texts = new LoadingCache(new LruCache<string, Texts>(TEXT_CACHE_CHARS, textWeight));

  constructor(private readonly objects: ObjectStore) {}

  /** The top-level entries of a tree. */
  entries(treeOid: string): Promise<TreeEntries> {
    return this.trees.get(treeOid, async () => {
      const obj = await this.objects.read(treeOid);
      if (obj.type !== 'tree') throw new Error(`Object ${treeOid} is a ${obj.type}, not a tree.`);
      return parseTree(treeOid, obj.content);
    });
  }

  /** Starts reading a tree that will probably be needed soon. */
  prefetch(treeOid: string): void {
    this.entries(treeOid).catch(() => undefined); // errors surface when the tree is actually needed
  }

  /** The entry of top-level `file` in a tree (mode and oid), or null. */
  async entry(treeOid: string, file: string): Promise<TreeEntry | null> {
    return (await this.entries(treeOid)).get(file) ?? null;
  }

  /** The blob oid of top-level `file` in a tree, or null (absent, or not a file). */
  async blobIn(treeOid: string, file: string): Promise<string | null> {
    const entry = await this.entry(treeOid, file);
    return entry !== null && entry.type === 'blob' ? entry.oid : null;
  }

  async readBlobText(oid: string): Promise<string> {
    const obj = await this.objects.read(oid);
    if (obj.type !== 'blob') throw new Error(`Object ${oid} is a ${obj.type}, not a blob.`);
    return obj.content.toString('utf8');
  }

  /** The texts of a tree's top-level files (name -> UTF-8 text). */
  textsOf(treeOid: string): Promise<Texts> {
    return this.texts.get(treeOid, async () => {
      const entries = await this.entries(treeOid);
      const files = [...entries].filter(([, e]) => e.type === 'blob');
      const texts = await mapLimited(files, FILE_CONCURRENCY, ([, e]) => this.readBlobText(e.oid));
      return new Map(files.map(([name], i) => [name, texts[i] as string]));
    });
  }

  /** One top-level file's text, or null when the tree has no such file. */
  async textOf(treeOid: string, file: string): Promise<string | null> {
    const cached = this.texts.cache.get(treeOid);
    if (cached !== undefined) return cached.get(file) ?? null;
    const oid = await this.blobIn(treeOid, file);
    return oid === null ? null : this.readBlobText(oid);
  }

  /**
   * Keeps a tree just written, and, when its parent's texts are cached, its texts as well (they are
   * known without reading anything back).
   */
  remember(tree: string, entries: TreeEntries, parentTree: string, changes: readonly FileChange[]): void {
    this.trees.cache.set(tree, entries);
    const parentTexts = this.texts.cache.get(parentTree);
    if (parentTexts === undefined || this.texts.cache.peek(tree) !== undefined) return;
    const next = new Map(parentTexts);
    for (const c of changes) {
      if (c.content === null) next.delete(c.path);
      else next.set(c.path, c.content);
    }
    this.texts.cache.set(tree, next);
  }
}
