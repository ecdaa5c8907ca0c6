/**
 * History pages of one repository, exactly as stock git lists them, computed on the in-memory
 * CommitIndex plus (memoised) tree reads for a path: `git log <ref>` (every commit), with `firstParent`
 * `git log --first-parent <ref>`, with `path` `git log <ref> -- <path>` (git's default history
 * simplification). A page ends with the position where the next one starts; the query layer turns that
 * into an opaque cursor (src/queries/cursors.ts).
 */
import type { CommitIndex } from './commitIndex.js';
import type { TreeReader } from './trees.js';
import type { CommitInfo, HistoryPage, HistoryPosition } from './types.js';

/** The `from` position given is not one of this history's (another ref's, or from before a rewrite). */
export class PositionNotInHistory extends Error {
  constructor() {
    super('The position is not in this history.');
    this.name = 'PositionNotInHistory';
  }
}

/** One step of a history walk: show the commit or not, and which parents to go on with. */
interface Step {
  readonly show: boolean;
  readonly follow: readonly string[];
}

/** Commits whose trees a path-filtered history requests ahead of need. */
const HISTORY_LOOKAHEAD = 32;
/** Memoised history-simplification steps, at most this many in all (small records, so many). */
const STEP_CACHE_SIZE = 50_000;

/**
 * Memoised steps, one map per walk mode and path, keyed by commit oid (the oid strings come from the
 * index, so lookups hash nothing new: replaying a position's walk over thousands of commits stays cheap).
 * At most `capacity` steps in all: beyond that, the least recently used path's map is dropped.
 */
class StepMemo {
  private readonly paths = new Map<string, Map<string, Step>>();
  private size = 0;

  constructor(private readonly capacity: number) {}

  forPath(key: string): ReadonlyMap<string, Step> {
    let memo = this.paths.get(key);
    if (memo === undefined) memo = new Map();
    else this.paths.delete(key);
    this.paths.set(key, memo); // most recently used last
    return memo;
  }

  add(key: string, oid: string, step: Step): void {
    const memo = this.paths.get(key);
    if (memo === undefined || memo.has(oid)) return; // dropped meanwhile: the walk goes on without it
    memo.set(oid, step);
    this.size++;
    for (const [key, oldest] of this.paths) {
      if (this.size <= this.capacity) break;
      this.size -= oldest.size;
      oldest.clear();
      this.paths.delete(key);
    }
  }
}

export interface WalkOptions {
  limit: number;
  path?: string;
  firstParent: boolean;
  from?: HistoryPosition;
}

export class HistoryWalker {
  /** Per walk mode and path (`0<file>`, `1<file>` for first-parent): commit oid -> step. See simplify. */
  private readonly steps = new StepMemo(STEP_CACHE_SIZE);

  constructor(
    private readonly index: CommitIndex,
    private readonly trees: TreeReader,
  ) {}

  /**
   * Commits reachable from `tip`, newest first, `limit` at a time (options checked by the caller). A
   * `from` position pins the tip the first page was taken from, so later commits on top neither shift
   * nor repeat items; it must come from this history (same tip line, mode and path), else
   * PositionNotInHistory.
   */
  async page(tip: string, opts: WalkOptions): Promise<HistoryPage> {
    const { limit, path: file, firstParent, from } = opts;
    let walkTip = tip;
    let resumeAt: string | null = null;
    if (from !== undefined) {
      if (!this.index.has(from.next) || !this.index.isAncestor(from.tip, tip)) throw new PositionNotInHistory();
      walkTip = from.tip;
      resumeAt = from.next;
    }

    const walk = this.index.walk(walkTip);
    // What to show and which parents to go on with; with a path, trees along the way are requested
    // ahead (in parallel, memoised), so a scan through commits that do not touch the file is not one
    // disk read at a time.
    const requested = new Set<string>();
    const memoKey = `${firstParent ? '1' : '0'}${file ?? ''}`;
    const memo = file === undefined ? undefined : { key: memoKey, steps: this.steps.forPath(memoKey) };
    const step = (c: CommitInfo): Step | Promise<Step> => {
      if (file === undefined || memo === undefined) return { show: true, follow: firstParent && c.parents.length > 1 ? c.parents.slice(0, 1) : c.parents };
      return this.simplify(c, file, firstParent, memo, requested);
    };
    let c = walk.next();
    if (resumeAt !== null) {
      // Replay the walk up to the position so that it goes on exactly as the first page's walk would.
      while (c !== undefined && c.oid !== resumeAt) {
        const r = step(c); // memoised steps come back synchronously: no await per replayed commit
        walk.follow((r instanceof Promise ? await r : r).follow);
        c = walk.next();
      }
      if (c === undefined) throw new PositionNotInHistory();
    }
    const items: CommitInfo[] = [];
    let next: HistoryPosition | null = null;
    for (; c !== undefined; c = walk.next()) {
      const r = step(c);
      const s = r instanceof Promise ? await r : r;
      if (s.show) {
        if (items.length === limit) {
          next = { tip: walkTip, next: c.oid };
          break;
        }
        items.push(c);
      }
      walk.follow(s.follow);
    }
    return { items, next };
  }

  /**
   * git's default history simplification for one path (`git log -- <file>`): a commit that is
   * TREESAME to a parent for `file` (same mode and blob, or absent in both) is not shown and the walk
   * follows only the first such parent; otherwise it is shown and every parent is followed. A root
   * commit is shown when it has the file. With `firstParent`, only the first parent is compared and
   * followed (`git log --first-parent -- <file>`). Memoised: trees never change. On a miss, the trees of
   * the commits ahead are requested first (see prefetchAhead).
   */
  private simplify(c: CommitInfo, file: string, firstParent: boolean, memo: { key: string; steps: ReadonlyMap<string, Step> }, requested: Set<string>): Step | Promise<Step> {
    const cached = memo.steps.get(c.oid);
    if (cached !== undefined) return cached;
    this.prefetchAhead(c, requested);
    return this.compareWithParents(c, file, firstParent).then((step) => {
      this.steps.add(memo.key, c.oid, step);
      return step;
    });
  }

  private async compareWithParents(c: CommitInfo, file: string, firstParent: boolean): Promise<Step> {
    const mine = await this.trees.entry(c.tree, file);
    let step: Step | undefined;
    if (c.parents.length === 0) step = { show: mine !== null, follow: [] };
    const candidates = firstParent ? c.parents.slice(0, 1) : c.parents;
    for (const p of candidates) {
      if (step !== undefined) break;
      const theirs = await this.trees.entry((this.index.get(p) as CommitInfo).tree, file);
      if (mine === null ? theirs === null : theirs !== null && theirs.oid === mine.oid && theirs.mode === mine.mode) step = { show: false, follow: [p] };
    }
    return step ?? { show: true, follow: candidates };
  }

  /** Requests the trees of `c`'s parents and of the next commits along first parents (see page). */
  private prefetchAhead(c: CommitInfo, requested: Set<string>): void {
    const request = (info: CommitInfo): void => {
      if (requested.has(info.oid)) return;
      requested.add(info.oid);
      this.trees.prefetch(info.tree);
    };
    request(c);
    for (const p of c.parents) request(this.index.get(p) as CommitInfo);
    let cur: CommitInfo | undefined = c;
    for (let i = 0; i < HISTORY_LOOKAHEAD && cur !== undefined; i++) {
      const first: string | undefined = cur.parents[0];
      cur = first === undefined ? undefined : this.index.get(first);
      if (cur !== undefined) request(cur);
    }
  }
}
