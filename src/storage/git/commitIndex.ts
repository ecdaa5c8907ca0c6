/**
 * The in-memory index of one document repository: every commit's metadata and every ref we care about
 * (branches and version tags). It is built once when the repository is opened and updated by each write,
 * so history pages, version lookups and "text at revision X" never walk commits on disk.
 * File contents are NOT held here (see the bounded LRU caches in trees.ts).
 */
import { compareText, lowerBound } from '../../collections.js';
import type { CommitInfo, VersionInfo } from './types.js';

interface Node {
  readonly info: CommitInfo;
  /**
   * The corrected commit date (git's "generation number v2"): max(committer time, max(parents' key) + 1).
   * Every ancestor has a strictly smaller key, even with equal timestamps or clock skew, which lets
   * {@link CommitIndex.isAncestor} prune. (History pages are ordered by the plain committer date, as
   * `git log` orders them; see {@link CommitIndex.walk}.)
   */
  readonly key: number;
}

interface HeapItem {
  /** The committer date (git orders `git log` by it, not by the corrected date). */
  key: number;
  /** Insertion counter: among equal keys, first inserted comes out first (like git's date-ordered list). */
  seq: number;
  oid: string;
}

/** A binary max-heap on (key desc, seq asc): git's date-ordered commit list. */
class WalkQueue {
  private readonly items: HeapItem[] = [];
  private counter = 0;

  get size(): number {
    return this.items.length;
  }

  push(oid: string, key: number): void {
    const item: HeapItem = { key, seq: this.counter++, oid };
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent] as HeapItem;
      if (!WalkQueue.before(item, p)) break;
      a[i] = p;
      i = parent;
    }
    a[i] = item;
  }

  pop(): HeapItem | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    const n = a.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && WalkQueue.before(a[r] as HeapItem, a[l] as HeapItem)) c = r;
      const child = a[c] as HeapItem;
      if (!WalkQueue.before(child, last)) break;
      a[i] = child;
      i = c;
    }
    a[i] = last;
    return top;
  }

  private static before(x: HeapItem, y: HeapItem): boolean {
    return x.key > y.key || (x.key === y.key && x.seq < y.seq);
  }
}

export type PrefixMatch = { kind: 'unique'; oid: string } | { kind: 'none' } | { kind: 'ambiguous' };

export class CommitIndex {
  private readonly nodes = new Map<string, Node>();
  /** All commit oids, sorted, for abbreviated-oid lookup. */
  private readonly sortedOids: string[] = [];
  /** Branch name (without `refs/heads/`) -> commit oid. */
  private readonly heads = new Map<string, string>();
  /** Tag name (`v1.0`) -> version. */
  private readonly versionTags = new Map<string, VersionInfo>();
  /** The first-parent line of the last tip asked about (see {@link onFirstParentLine}). */
  private line: { tip: string; members: Set<string> } | null = null;

  /**
   * Builds the index from commits in any order (as read from disk). Every parent must be among them:
   * a missing parent means a corrupt or shallow repository, which we refuse to serve.
   */
  static build(commits: Iterable<CommitInfo>): CommitIndex {
    const index = new CommitIndex();
    const byOid = new Map<string, CommitInfo>();
    for (const c of commits) byOid.set(c.oid, c);
    for (const c of byOid.values()) {
      for (const p of c.parents) {
        if (!byOid.has(p)) throw new Error(`Repository is incomplete: commit ${c.oid} has missing parent ${p}.`);
      }
    }
    // Iterative post-order DFS so parents get their key before children (no recursion: 10k-deep chains).
    const keys = new Map<string, number>();
    for (const root of byOid.keys()) {
      if (keys.has(root)) continue;
      const stack: { oid: string; next: number }[] = [{ oid: root, next: 0 }];
      const onStack = new Set<string>([root]);
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as { oid: string; next: number };
        const info = byOid.get(top.oid) as CommitInfo;
        if (top.next < info.parents.length) {
          const p = info.parents[top.next++] as string;
          if (keys.has(p)) continue;
          if (onStack.has(p)) throw new Error(`Repository is corrupt: commit cycle through ${p}.`);
          onStack.add(p);
          stack.push({ oid: p, next: 0 });
          continue;
        }
        let key = info.committer.timestamp;
        for (const p of info.parents) key = Math.max(key, (keys.get(p) as number) + 1);
        keys.set(top.oid, key);
        onStack.delete(top.oid);
        stack.pop();
      }
    }
    for (const [oid, info] of byOid) index.nodes.set(oid, { info, key: keys.get(oid) as number });
    index.sortedOids.push(...byOid.keys());
    index.sortedOids.sort(compareText);
    return index;
  }

  get size(): number {
    return this.nodes.size;
  }

  has(oid: string): boolean {
    return this.nodes.has(oid);
  }

  get(oid: string): CommitInfo | undefined {
    return this.nodes.get(oid)?.info;
  }

  /** Adds a commit just written; its parents must already be indexed. */
  add(info: CommitInfo): void {
    if (this.nodes.has(info.oid)) return;
    let key = info.committer.timestamp;
    for (const p of info.parents) {
      const parent = this.nodes.get(p);
      if (parent === undefined) throw new Error(`Cannot index commit ${info.oid}: parent ${p} is unknown.`);
      key = Math.max(key, parent.key + 1);
    }
    this.nodes.set(info.oid, { info, key });
    this.sortedOids.splice(lowerBound(this.sortedOids, info.oid, compareText), 0, info.oid);
  }

  /** Finds the commit whose oid starts with `prefix` (lowercase hex). */
  findByPrefix(prefix: string): PrefixMatch {
    const i = lowerBound(this.sortedOids, prefix, compareText);
    const first = this.sortedOids[i];
    if (first === undefined || !first.startsWith(prefix)) return { kind: 'none' };
    const second = this.sortedOids[i + 1];
    if (second !== undefined && second.startsWith(prefix)) return { kind: 'ambiguous' };
    return { kind: 'unique', oid: first };
  }

  // ---- refs ----

  head(branch: string): string | undefined {
    return this.heads.get(branch);
  }

  setHead(branch: string, oid: string): void {
    this.heads.set(branch, oid);
  }

  headEntries(): [string, string][] {
    return [...this.heads.entries()];
  }

  version(tag: string): VersionInfo | undefined {
    return this.versionTags.get(tag);
  }

  setVersion(v: VersionInfo): void {
    this.versionTags.set(v.tag, v);
  }

  versionList(): VersionInfo[] {
    return [...this.versionTags.values()];
  }

  // ---- graph ----

  /**
   * A walk over the commits reachable from `tip`, newest first, in exactly `git log`'s order: by
   * committer date, and among equal dates in the order the commits were reached (first parent before
   * second), a commit being reached only through the parents its child chose to follow. The caller
   * chooses those parents after each step (all of them, the first only, or git's history
   * simplification for a path), so the same walk serves `git log`, `git log --first-parent` and
   * `git log -- <file>`. Lazy: a page of a 10,000-commit history touches about a page's worth of commits.
   */
  walk(tip: string): CommitWalk {
    return new CommitWalk(this, tip);
  }

  /**
   * Whether `oid` is on the first-parent line of `tip` (`git log --first-parent <tip>`): for `main`,
   * the commits that were the draft at some moment, as opposed to commits of amendment branches that a
   * merge brought in. The set is kept for the last tip asked and extended when the tip moved forward.
   */
  onFirstParentLine(oid: string, tip: string): boolean {
    if (this.line === null || this.line.tip !== tip) {
      const added: string[] = [];
      let cur: string | undefined = tip;
      while (cur !== undefined && cur !== this.line?.tip) {
        added.push(cur);
        cur = this.nodes.get(cur)?.info.parents[0];
      }
      if (cur !== undefined && this.line !== null) {
        for (const a of added) this.line.members.add(a);
        this.line.tip = tip;
      } else {
        this.line = { tip, members: new Set(added) };
      }
    }
    return this.line.members.has(oid);
  }

  /** True when `ancestor` is `descendant` or reachable from it through parents. */
  isAncestor(ancestor: string, descendant: string): boolean {
    const target = this.nodes.get(ancestor);
    const from = this.nodes.get(descendant);
    if (target === undefined || from === undefined) return false;
    if (ancestor === descendant) return true;
    // Ancestors have strictly smaller keys: prune everything older than the target.
    const stack = [descendant];
    const seen = new Set<string>(stack);
    while (stack.length > 0) {
      const node = this.nodes.get(stack.pop() as string) as Node;
      for (const p of node.info.parents) {
        if (p === ancestor) return true;
        if (seen.has(p)) continue;
        seen.add(p);
        if ((this.nodes.get(p) as Node).key > target.key) stack.push(p);
      }
    }
    return false;
  }
}

/**
 * One walk of {@link CommitIndex.walk}: `next()` gives the next commit; before the following `next()`,
 * `follow(parents)` says which of its parents the walk continues through (none: a dead end for this
 * walk, though the parent may still be reached through another child). A parent is queued only once.
 */
export class CommitWalk {
  private readonly queue = new WalkQueue();
  private readonly seen = new Set<string>();

  constructor(
    private readonly index: CommitIndex,
    tip: string,
  ) {
    const start = index.get(tip);
    if (start !== undefined) {
      this.seen.add(tip);
      this.queue.push(tip, start.committer.timestamp);
    }
  }

  next(): CommitInfo | undefined {
    const item = this.queue.pop();
    return item === undefined ? undefined : this.index.get(item.oid);
  }

  follow(parents: readonly string[]): void {
    for (const p of parents) {
      if (this.seen.has(p)) continue;
      const info = this.index.get(p);
      if (info === undefined) continue;
      this.seen.add(p);
      this.queue.push(p, info.committer.timestamp);
    }
  }
}
