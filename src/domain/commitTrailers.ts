/**
 * Git trailers in the commit messages we write (`Key: value` lines in the message's last paragraph, as
 * `git interpret-trailers --parse` and `git log --format=%(trailers)` read them), so that the commit
 * alone says who proposed an amendment and for which organisation: a record rebuilt from a branch at
 * start (after a crash between git and the metadata) is complete.
 *
 * git ends the part of a message it searches for trailers at the first line that starts with `---`
 * and a space or the line end (the divider before a patch), so such a line in user text (a Markdown
 * rule in a motivation) would hide the trailers. {@link messageText} escapes those lines reversibly
 * (one backslash more in front); {@link messageParts} undoes it.
 */

export interface Trailer {
  readonly key: string;
  readonly value: string;
}

/** Keys are letters, digits and hyphens (git accepts more; we need no more). */
const KEY = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const TRAILER_LINE = /^([A-Za-z0-9][A-Za-z0-9-]*): ?(.*)$/;

/** A trailer value on one line: line breaks and other control characters become spaces. */
function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** User text as a message paragraph: lines that would end git's trailer search are escaped. */
export function messageText(text: string): string {
  return text.replace(/^(\\*---)/gm, '\\$1');
}

function unescapeText(text: string): string {
  return text.replace(/^\\(\\*---)/gm, '$1');
}

/**
 * `message` with `trailers` as its last paragraph. Empty values are left out. The message (subject
 * and body) must not end in a paragraph that is itself all `Key: value` lines unless that is meant to
 * be read as trailers: the block we add is separated by a blank line and is what git reads.
 */
export function withTrailers(message: string, trailers: readonly Trailer[]): string {
  const lines: string[] = [];
  for (const t of trailers) {
    if (!KEY.test(t.key)) throw new Error(`Invalid trailer key: ${t.key}`);
    const value = oneLine(t.value);
    if (value !== '') lines.push(`${t.key}: ${value}`);
  }
  const text = message.replace(/\s+$/, '');
  return lines.length === 0 ? `${text}\n` : `${text}\n\n${lines.join('\n')}\n`;
}

/**
 * A message split into subject, body (user text, unescaped) and trailers: the trailers are the last
 * paragraph after the subject when every line in it is `Key: value` (the block {@link withTrailers}
 * writes); otherwise there are none and everything after the subject is the body.
 */
export function messageParts(message: string): { subject: string; body: string; trailers: Trailer[] } {
  const text = message.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const afterSubject = /\n[ \t]*\n/.exec(text);
  if (afterSubject === null) return { subject: text.trim(), body: '', trailers: [] };
  const subject = text.slice(0, afterSubject.index).trim();
  let rest = text.slice(afterSubject.index + afterSubject[0].length);
  let trailers: Trailer[] = [];
  const breaks = [...rest.matchAll(/\n[ \t]*\n/g)];
  const lastBreak = breaks.at(-1);
  const lastStart = lastBreak === undefined ? 0 : (lastBreak.index ?? 0) + lastBreak[0].length;
  const parsed = rest.slice(lastStart).split('\n').map((line) => TRAILER_LINE.exec(line));
  if (parsed.every((m) => m !== null)) {
    trailers = parsed.map((m) => ({ key: (m as RegExpExecArray)[1] as string, value: ((m as RegExpExecArray)[2] as string).trim() }));
    rest = lastBreak === undefined ? '' : rest.slice(0, lastBreak.index);
  }
  return { subject, body: unescapeText(rest).trim(), trailers };
}

/** The value of the first trailer with `key` (case-insensitive, as git), or undefined. */
export function trailerValue(trailers: readonly Trailer[], key: string): string | undefined {
  const k = key.toLowerCase();
  return trailers.find((t) => t.key.toLowerCase() === k)?.value;
}
