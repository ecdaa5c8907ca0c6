/**
 * History cursors: the opaque token a client gets as `next` and hands back to fetch the following page.
 * The storage speaks positions ({ tip, next }: the tip the first page was taken from and the first
 * commit not yet listed); this module turns a position into a token and back, and a position that is
 * not (or no longer) one of the requested history's into InvalidInput on `cursor`.
 *
 * Format: base64url of [version byte][tip, 20 bytes][next, 20 bytes], 55 characters.
 */
import { InvalidInput } from '../errors.js';
import { PositionNotInHistory } from '../storage/git/history.js';
import type { DocumentRepository } from '../storage/git/repository.js';
import type { CommitInfo, HistoryOptions, HistoryPosition } from '../storage/git/types.js';

const CURSOR_VERSION = 1;

export function encodeHistoryCursor(position: HistoryPosition): string {
  return Buffer.concat([Buffer.from([CURSOR_VERSION]), Buffer.from(position.tip, 'hex'), Buffer.from(position.next, 'hex')]).toString('base64url');
}

/** The position a cursor holds, or null when the text is no cursor of ours. */
export function decodeHistoryCursor(cursor: unknown): HistoryPosition | null {
  if (typeof cursor !== 'string' || !/^[A-Za-z0-9_-]{55}$/.test(cursor)) return null;
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length !== 41 || bytes[0] !== CURSOR_VERSION || bytes.toString('base64url') !== cursor) return null;
  return { tip: bytes.subarray(1, 21).toString('hex'), next: bytes.subarray(21, 41).toString('hex') };
}

function invalidCursor(): InvalidInput {
  return new InvalidInput('De opgegeven cursor is ongeldig.', [{ name: 'cursor', reason: 'Onbekende of verlopen cursor.' }]);
}

/**
 * A page of `repo.history` with cursors instead of positions: `cursor` is the `next` of a previous page
 * of the same ref, mode and path.
 */
export async function historyPage(
  repo: DocumentRepository,
  opts: Omit<HistoryOptions, 'from'> & { cursor?: string | undefined },
): Promise<{ items: CommitInfo[]; next: string | null }> {
  const { cursor, ...rest } = opts;
  // A malformed cursor goes on as a position no history holds, so that the storage's own checks (limit,
  // path, ref) answer first, as they do for any other cursor that is not this history's.
  const from = cursor === undefined ? undefined : (decodeHistoryCursor(cursor) ?? { tip: '', next: '' });
  try {
    const page = await repo.history({ ...rest, from });
    return { items: page.items, next: page.next === null ? null : encodeHistoryCursor(page.next) };
  } catch (e) {
    if (e instanceof PositionNotInHistory) throw invalidCursor();
    throw e;
  }
}
