/**
 * Cursor pagination over an ordered list: the cursor is the key of the first item of the next page
 * (base64url), so it stays valid when items are added elsewhere in the list.
 */
import { InvalidInput } from '../errors.js';

export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function paginate<T>(items: readonly T[], key: (item: T) => string, limit: number, cursor?: string): { items: T[]; next: string | null } {
  let start = 0;
  if (cursor !== undefined) {
    const wanted = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : undefined;
    start = wanted === undefined ? -1 : items.findIndex((i) => key(i) === wanted);
    if (start < 0) throw new InvalidInput('De cursor is niet geldig.', [{ name: 'cursor', reason: 'Onbekende of verlopen cursor: begin opnieuw zonder cursor.' }]);
  }
  const page = items.slice(start, start + limit);
  const after = items[start + limit];
  return { items: page, next: after === undefined ? null : encodeCursor(key(after)) };
}
