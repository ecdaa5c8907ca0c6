/**
 * A weak ETag named after the state a response shows instead of computed from its bytes: where the
 * state key determines the body (the endorsements overview for anonymous visitors, the CSV export),
 * express need not hash a body of hundreds of kilobytes or megabytes to tag it. `res.send` keeps an
 * ETag that is set, and answers 304 to a matching `If-None-Match`.
 */
import { createHash } from 'node:crypto';

export function weakEtag(state: string): string {
  return `W/"${createHash('sha256').update(state).digest('base64url').slice(0, 32)}"`;
}
