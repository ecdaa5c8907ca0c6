/**
 * How people appear in the git record (commit authors and committers, version taggers).
 *
 * - The name is what readers see: the person, with the organisation they acted for in parentheses.
 *   git identities cannot hold `<`, `>` or line breaks, and the git store accepts at most
 *   {@link MAX_GIT_NAME_LENGTH} characters, so a long "naam (organisatie)" is shortened here, on whole
 *   characters, keeping a recognisable part of both; the full names stay in the metadata and in the
 *   commit trailers.
 * - The e-mail address is never the person's own (that is private): it is a fixed, non-personal address
 *   per account, `<account id>@gebruikers.principes.invalid`. It stays the same when the person's name,
 *   e-mail or organisation changes, so `git shortlog -se` keeps one account's commits together and
 *   tells apart two people with the same name. `.invalid` is reserved (RFC 6761): the address can never
 *   receive mail, and it does not depend on where the service runs (PUBLIC_URL may change).
 */

/** The longest name the git store accepts in an identity (see gitStore checkSignature). */
export const MAX_GIT_NAME_LENGTH = 200;

/** The domain of the per-account addresses. */
export const ACCOUNT_EMAIL_DOMAIN = 'gebruikers.principes.invalid';

/** The address of commits the service makes itself (the seed import), which belong to no account. */
export const SERVICE_EMAIL = 'dienst@principes.invalid';

const ELLIPSIS = '…';
const graphemes = new Intl.Segmenter('nl', { granularity: 'grapheme' });

/** One line of text that git accepts in an identity: no `<`, `>`, control characters or lone surrogates. */
function clean(text: string): string {
  return text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[<>\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `text` cut to at most `max` UTF-16 units on a whole character (grapheme), marked with an ellipsis. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    if (out.length + segment.length > max - ELLIPSIS.length) break;
    out += segment;
  }
  return `${out.trimEnd()}${ELLIPSIS}`;
}

/**
 * The name of a person in git: `naam (organisatie)`, or `naam` alone. Always valid for the git store:
 * one line, no angle brackets, 1 to {@link MAX_GIT_NAME_LENGTH} characters.
 */
export function gitName(naam: string, organisatie?: string | null): string {
  const person = clean(naam) || 'Onbekend';
  const org = organisatie === undefined || organisatie === null ? '' : clean(organisatie);
  if (org === '') return clip(person, MAX_GIT_NAME_LENGTH);
  const room = MAX_GIT_NAME_LENGTH - ' ()'.length;
  // The person keeps their whole name when the organisation leaves room, and at least half otherwise;
  // the organisation gets what is left.
  const forPerson = Math.min(person.length, Math.max(Math.floor(room / 2), room - org.length));
  const shortPerson = clip(person, forPerson);
  return `${shortPerson} (${clip(org, room - shortPerson.length)})`;
}

/** The non-personal, stable e-mail address of an account in git. */
export function accountEmail(accountId: string): string {
  const local = accountId.replace(/[^A-Za-z0-9_-]/g, '-') || 'onbekend';
  return `${local}@${ACCOUNT_EMAIL_DOMAIN}`;
}

/** The account id an address made by {@link accountEmail} names, or null for any other address. */
export function accountIdFromEmail(email: string): string | null {
  const suffix = `@${ACCOUNT_EMAIL_DOMAIN}`;
  if (!email.endsWith(suffix)) return null;
  const local = email.slice(0, -suffix.length);
  return /^[A-Za-z0-9_-]+$/.test(local) ? local : null;
}
