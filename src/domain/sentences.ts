/**
 * Sentence normalisation ("semantic line breaks", docs/sentences.md): every text that enters the store is
 * rewritten to one sentence per line, so that git's line diff and merge work per sentence.
 *
 * How it works
 * 1. markdown-it parses the document. Only plain paragraphs are rewritten (also inside list items and
 *    block quotes); their `map` gives the source lines. Code blocks, tables, headings, HTML-looking
 *    blocks, front matter and reference definitions are never paragraphs here, or are skipped.
 * 2. Inside one paragraph, the inline content is parsed again with a traced copy of the parser, which
 *    records which inline rule consumed which characters. With that knowledge:
 *    - a soft line break (markdown-it's `newline` rule, not a hard break) is joined to one space,
 *      dropping the trailing spaces before it and the indentation after it (markdown-it drops those
 *      too); a line break inside a code span is joined to one space with all whitespace kept (a code
 *      span turns a line ending into a space); hard breaks (two spaces or a backslash) stay as they
 *      are; any other line break (inside a link destination or title, an image, ...) stays as it is,
 *      and so does the break after a line that is only a list marker or only `-`, `*`, `_` (joined,
 *      `1.` + `Twee` would start a list, `_ _` + `_` would be a thematic break);
 *    - the joined text is split again after each sentence end. A split replaces the run of spaces or
 *      tabs after the sentence by a line break, and only in plain text: never inside code spans,
 *      links, images, autolinks, brackets or HTML-looking text, and never before text that could
 *      start a block. Other runs of two or more blanks in plain text become one space;
 *    - a hard break of trailing spaces becomes a backslash (the same break, visible in a diff).
 *    A paragraph with a `|` is left alone: a longer or shorter line might turn into a table row.
 *    Lines outside paragraphs and code (headings, table rows, list markers, blank lines) lose their
 *    trailing blanks, and a table row's padding becomes one space.
 * 3. The rewritten paragraph keeps its first line's container prefix (list marker, `>`); a line after
 *    a kept line break keeps its own prefix; new lines get the continuation prefix (the first line's
 *    prefix with list markers blanked out).
 *
 * The equivalence rule. The project renders a soft break as one space and a run of spaces or tabs in
 * text as one space (markdown.ts), so replacing a run of blanks in plain text by a line break or by one
 * space, and back, never changes the HTML. As a last line of defence every rewrite is checked:
 * `renderMarkdown(result) === renderMarkdown(input)` byte for byte; a paragraph whose rewrite would
 * change the HTML is left exactly as it was. The result is idempotent: a rewritten paragraph is a
 * fixed point of the rewrite, and a refused one is refused again.
 */
import type { Env, StateInline } from 'markdown-it';
import { createMarkdownParser, markdown, renderMarkdown } from './markdown.js';

/**
 * Dutch abbreviations after which a full stop never ends a sentence (compared case-insensitively).
 * Besides this list, any run of single letters with dots (`J.`, `o.a.`, `U.S.A.`) and a bare number of
 * at most three digits with a dot (`3.`, a list number or ordinal) never end a sentence either.
 */
export const DUTCH_ABBREVIATIONS: readonly string[] = [
  'a.s.',
  'art.',
  'bijv.',
  'blz.',
  'ca.',
  'd.w.z.',
  'dhr.',
  'dr.',
  'drs.',
  'e.a.',
  'e.d.',
  'enz.',
  'etc.',
  'evt.',
  'excl.',
  'i.p.v.',
  'incl.',
  'ir.',
  'jl.',
  'm.b.t.',
  'mr.',
  'mw.',
  'n.a.v.',
  'nr.',
  'o.a.',
  'prof.',
  'resp.',
  't.o.v.',
  'vs.',
  'z.g.a.n.',
  'z.o.z.',
];

const ABBREVIATIONS = new Set(DUTCH_ABBREVIATIONS.map((a) => a.toLowerCase()));

// ---------------------------------------------------------------------------------------------
// Tracing markdown-it's inline parser
// ---------------------------------------------------------------------------------------------

/** One successful (non-silent) inline rule call: it consumed `src[start, end)`. */
interface InlineSpan {
  rule: string;
  start: number;
  end: number;
  /** Number of traced rule calls around this one (a link's label text has depth 1). */
  depth: number;
  /** For `newline` and `escape`: the call produced a hard break. */
  hardBreak: boolean;
}

interface Trace {
  state: StateInline;
  depth: number;
  spans: InlineSpan[];
}

let activeTrace: Trace | null = null;

/** A private parser with the renderer's configuration whose inline rules report what they consume. */
const tracer = createMarkdownParser();
for (const rule of [...tracer.inline.ruler.__rules__]) {
  const { name, fn } = rule;
  tracer.inline.ruler.at(name, (state: StateInline, silent: boolean): boolean => {
    const trace = activeTrace;
    // Silent calls only look ahead; nested states (an image's alt text) have their own offsets.
    if (trace === null || silent || state !== trace.state) return fn(state, silent);
    const start = state.pos;
    const tokenCount = state.tokens.length;
    const depth = trace.depth;
    trace.depth++;
    let ok: boolean;
    try {
      ok = fn(state, silent);
    } finally {
      trace.depth--;
    }
    if (ok) {
      const last = state.tokens.length > tokenCount ? state.tokens[state.tokens.length - 1] : undefined;
      trace.spans.push({ rule: name, start, end: state.pos, depth, hardBreak: last?.type === 'hardbreak' });
    }
    return ok;
  });
}

function traceInline(src: string, env: Env): InlineSpan[] {
  const state = new tracer.inline.State(src, tracer, env, []);
  const trace: Trace = { state, depth: 0, spans: [] };
  const previous = activeTrace;
  activeTrace = trace;
  try {
    tracer.inline.tokenize(state);
  } finally {
    activeTrace = previous;
  }
  return trace.spans;
}

/** For each position of `src`: the innermost span covering it (index into spans), or -1. */
function innermostSpans(src: string, spans: readonly InlineSpan[]): Int32Array {
  const owner = new Int32Array(src.length + 1).fill(-1);
  const order = spans.map((_, i) => i).sort((a, b) => (spans[a]?.depth ?? 0) - (spans[b]?.depth ?? 0));
  for (const i of order) {
    const span = spans[i];
    if (span === undefined) continue;
    owner.fill(i, span.start, span.end);
  }
  return owner;
}

// ---------------------------------------------------------------------------------------------
// Joining: one paragraph's lines to canonical text
// ---------------------------------------------------------------------------------------------

/**
 * What a line break in a paragraph's inline content is:
 * - `soft`: markdown-it's soft break in text: may become one space;
 * - `code`: inside a code span: may become one space, keeping all whitespace around it;
 * - `hard`: a hard break: stays, and the line after it stays exactly as it is;
 * - `keep`: anything else (link destination or title, image, ...): stays exactly as it is.
 */
type BreakKind = 'soft' | 'code' | 'hard' | 'keep';

function classifyLineBreaks(src: string, env: Env): BreakKind[] {
  if (!src.includes('\n')) return [];
  const spans = traceInline(src, env);
  const owner = innermostSpans(src, spans);
  const kinds: BreakKind[] = [];
  for (let p = src.indexOf('\n'); p !== -1; p = src.indexOf('\n', p + 1)) {
    const span = spans[owner[p] ?? -1];
    if (span === undefined) kinds.push('keep');
    else if (span.rule === 'newline') kinds.push(span.hardBreak ? 'hard' : 'soft');
    else if (span.rule === 'escape' && span.hardBreak) kinds.push('hard');
    else if (span.rule === 'backticks') kinds.push('code');
    else kinds.push('keep');
  }
  return kinds;
}

interface Joined {
  /** The paragraph's inline content with all joinable line breaks joined. */
  text: string;
  /** For each "\n" in `text`, in order: the index of the content line that starts after it. */
  keptLines: number[];
}

const TRAILING_SPACES = / +$/;
const TRAILING_BLANKS = /[ \t]+$/;
/** A run of two or more blanks after a non-blank (not the indentation). */
const INNER_BLANKS = /([^ \t])[ \t]{2,}(?=[^ \t])/g;
/** Parts of a table row whose blanks are content: code spans, link destinations and titles, `<...>`. */
const TABLE_KEEP = /`+[^`]*`+|\]\([^)]*\)|<[^>]*>/g;

/** `line` with runs of blanks after a non-blank collapsed to one space, except inside `keep` matches. */
function collapseOutside(line: string, keep: RegExp): string {
  let out = '';
  let pos = 0;
  for (const m of line.matchAll(keep)) {
    out += line.slice(pos, m.index).replace(INNER_BLANKS, '$1 ') + m[0];
    pos = m.index + m[0].length;
  }
  return out + line.slice(pos).replace(INNER_BLANKS, '$1 ');
}

/** What may end a line whose hard break of spaces becomes a backslash. */
const HARD_BREAK_BEFORE = /[\p{L}\p{N}.,;:!?)'"’”»]$/u;
const LEADING_BLANKS = /^[ \t]+/;
/**
 * A line that is only a list marker (`1.`, `-`) or only `-`, `*`, `_` and blanks. Such a line is
 * text in a paragraph (an empty list item cannot interrupt one), but with text joined to it, it
 * might become a list item (`1. Twee`) or a thematic break (`_ _` + `_`). Nothing is joined to it.
 */
const MARKER_ONLY_LINE = /^[ \t]*(?:[0-9]{1,9}[.)]|[-+*_][-+*_ \t]*)[ \t]*$/;

function joinLines(contentLines: readonly string[], env: Env): Joined {
  const kinds = classifyLineBreaks(contentLines.join('\n'), env);
  // Built in parts: trimming or testing the whole text on every line would be quadratic.
  const parts: string[] = [contentLines[0] ?? ''];
  let markerOnly = MARKER_ONLY_LINE.test(parts[0] ?? '');
  const keptLines: number[] = [];
  for (let k = 1; k < contentLines.length; k++) {
    const line = contentLines[k] ?? '';
    const kind = markerOnly ? 'keep' : (kinds[k - 1] ?? 'keep');
    if (kind === 'soft') {
      parts.push(parts.pop()?.replace(TRAILING_SPACES, '') ?? '', ' ', line.replace(LEADING_BLANKS, ''));
    } else if (kind === 'code') {
      parts.push(' ', line);
    } else {
      // A hard break made of trailing spaces gets its canonical form, a backslash: the same break,
      // visible in the source and in a word diff (spaces at the end of a line are not). Only after
      // a letter, digit or sentence punctuation: after `*` or `_` the backslash would change what
      // the delimiter can do (`de.*  ` closes emphasis, `de.*\` might open it); after a backslash
      // it would be escaped.
      if (kind === 'hard') {
        const last = parts.pop() ?? '';
        const body = last.replace(TRAILING_SPACES, '');
        parts.push(body !== last && HARD_BREAK_BEFORE.test(body) ? `${body}\\` : last);
      }
      // Hard breaks and everything else: the next line stays exactly as it is, prefix included.
      parts.push('\n', line);
      keptLines.push(k);
      // Text joined to a line that is not marker-only never makes it marker-only.
      markerOnly = MARKER_ONLY_LINE.test(line);
    }
  }
  return { text: parts.join(''), keptLines };
}

// ---------------------------------------------------------------------------------------------
// Splitting: where does a sentence end?
// ---------------------------------------------------------------------------------------------

/** Closing quotes, brackets and emphasis markers that may follow a sentence's final punctuation. */
const CLOSERS = /[’”"')\]»*_]+$/u;
/** Opening quotes, brackets and emphasis markers that may precede a word. */
const OPENERS = /^[(\[‘“"'«„*_]+/u;
/** A sentence starts with a capital or digit, maybe after emphasis markers and opening quotes/brackets. */
const SENTENCE_START = /^[*_]{0,3}[(\[‘“"'«„]{0,2}[*_]{0,3}(?:\p{Lu}|\p{Lt}|[0-9])/u;
/**
 * Starts of a line that Markdown might read as something else than paragraph text (list item,
 * heading, block quote, setext underline, thematic break, table, fence, HTML). A new line never
 * starts like this.
 */
const UNSAFE_LINE_START = /^(?:\d{1,9}[.)](?:[ \t]|$)|[-+*](?:[ \t]|$)|[#>=|~`<-]|[ \t])/;

/** Does `word` (the text between the previous whitespace and a space) end a sentence? */
function endsSentence(word: string): boolean {
  const stripped = word.replace(CLOSERS, '');
  const last = stripped.at(-1);
  if (last !== '.' && last !== '!' && last !== '?') return false;
  const core = stripped.replace(OPENERS, '');
  if (!/[\p{L}\p{N}]/u.test(core)) return false;
  if (last === '.') {
    if (ABBREVIATIONS.has(core.toLowerCase())) return false;
    // Initials and dotted abbreviations: `J.`, `o.a.`, `z.g.a.n.`, `U.S.A.`.
    if (/^(?:\p{L}\.)+$/u.test(core)) return false;
    // A list number or ordinal: `Zie artikel 3. 1. De gemeente`.
    if (/^[0-9]{1,3}\.$/.test(core)) return false;
  }
  return true;
}

/** Positions in `text` covered by HTML-looking text (`<tag ...>`, `</tag>`, `<!-- -->`, `<?...>`). */
const HTML_LIKE = /<[A-Za-z/!?][^<>]*>/g;

/** A quick test whether `text` has any place that might be a sentence end followed by a start. */
const MAYBE_SENTENCE_BREAK = /[.!?][’”"')\]»*_]*[ \t]+[*_(\[‘“"'«„]*[\p{Lu}\p{Lt}0-9]/u;
/** A quick test whether `text` has a run of blanks that might be collapsed to one space. */
const MAYBE_WIDE_SPACE = /[^ \t\n](?: [ \t]|\t)/;

/**
 * What happens to the runs of spaces and tabs in a paragraph's joined text, keyed by the run's start,
 * valued by its end: `splits` become a line break (a sentence ends there), `collapses` become one space.
 * Both only in plain text: never in code spans, links, images, autolinks, brackets or HTML-looking
 * text, never at the start of a line and never right before a line break (a hard break's spaces).
 */
interface Breaks {
  splits: Map<number, number>;
  collapses: Map<number, number>;
}

function findBreaks(text: string, env: Env): Breaks {
  const splits = new Map<number, number>();
  const collapses = new Map<number, number>();
  const maySplit = MAYBE_SENTENCE_BREAK.test(text);
  if (!maySplit && !MAYBE_WIDE_SPACE.test(text)) return { splits, collapses };
  const spans = traceInline(text, env);
  const blocked = new Uint8Array(text.length + 1);
  for (const span of spans) {
    if (span.rule !== 'text') blocked.fill(1, span.start, span.end);
  }
  for (const m of text.matchAll(HTML_LIKE)) blocked.fill(1, m.index, m.index + m[0].length);
  // Inside brackets (links, references, images, footnote-like text) and inside the parentheses
  // right after a `]` (what looks like a link destination, valid or not) nothing is split.
  let brackets = 0;
  let parens = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      if (brackets > 0 || parens > 0) blocked.fill(1, i, i + 2);
      i++;
    } else if (parens > 0) {
      blocked[i] = 1;
      if (ch === '(') parens++;
      else if (ch === ')') parens--;
    } else if (ch === ']' && text[i + 1] === '(') {
      brackets = 0;
      parens = 1;
      blocked.fill(1, i, i + 2);
      i++;
    } else {
      if (ch === '[') brackets++;
      else if (ch === ']' && brackets > 0) brackets--;
      if (brackets > 0) blocked[i] = 1;
    }
  }
  // A paragraph that starts like a reference definition is never touched on that line.
  const referenceLike = text.startsWith('[') ? text.indexOf(']:') : -1;
  const firstLineEnd = text.includes('\n') ? text.indexOf('\n') : text.length;

  let lineStart = 0;
  let lineEnd = firstLineEnd;
  let markerOnly = MARKER_ONLY_LINE.test(text.slice(lineStart, lineEnd));
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      lineStart = i + 1;
      const next = text.indexOf('\n', lineStart);
      lineEnd = next === -1 ? text.length : next;
      markerOnly = MARKER_ONLY_LINE.test(text.slice(lineStart, lineEnd));
      continue;
    }
    if (ch !== ' ' && ch !== '\t') continue;
    // A run of blanks [i, end) inside the line, after a word.
    let end = i + 1;
    while (end < lineEnd && (text[end] === ' ' || text[end] === '\t')) end++;
    const runStart = i;
    i = end - 1;
    if (runStart === lineStart || end === lineEnd || markerOnly) continue;
    if (blocked.subarray(runStart, end).includes(1)) continue;
    if (referenceLike !== -1 && referenceLike < end && runStart < firstLineEnd) continue;
    // "```x `y`" is text (a backtick fence's info has no backticks), but "```x" would open a fence.
    if (text.startsWith('```', lineStart)) continue;
    const wide = end - runStart > 1 || ch === '\t';
    if (maySplit) {
      const wordStart = Math.max(text.lastIndexOf(' ', runStart - 1), text.lastIndexOf('\t', runStart - 1), lineStart - 1) + 1;
      // The start of the would-be new line; both patterns look at most a dozen characters ahead.
      const rest = text.slice(end, Math.min(lineEnd, end + 25));
      if (SENTENCE_START.test(rest) && !UNSAFE_LINE_START.test(rest) && endsSentence(text.slice(wordStart, runStart))) {
        splits.set(runStart, end);
        continue;
      }
    }
    if (wide) collapses.set(runStart, end);
  }
  return { splits, collapses };
}

/** The lines of a paragraph's canonical form, without container prefixes. */
interface ReflowedLine {
  text: string;
  /** `first`: the paragraph's first line; `new`: a continuation line; `keep`: original line k. */
  origin: { kind: 'first' } | { kind: 'new' } | { kind: 'keep'; line: number };
}

function reflow(contentLines: readonly string[], env: Env): ReflowedLine[] {
  // With a `|`, a joined or split line might turn into a table row: leave such paragraphs alone.
  if (contentLines.some((line) => line.includes('|'))) {
    return contentLines.map((text, k) => ({ text, origin: k === 0 ? { kind: 'first' } : { kind: 'keep', line: k } }));
  }
  const joined = joinLines(contentLines, env);
  const { splits, collapses } = findBreaks(joined.text, env);
  const out: ReflowedLine[] = [];
  let current = '';
  let origin: ReflowedLine['origin'] = { kind: 'first' };
  let breakIndex = 0;
  for (let i = 0; i < joined.text.length; i++) {
    const ch = joined.text[i] ?? '';
    const split = splits.get(i);
    const collapse = collapses.get(i);
    if (split !== undefined) {
      out.push({ text: current, origin });
      current = '';
      origin = { kind: 'new' };
      i = split - 1;
    } else if (collapse !== undefined) {
      current += ' ';
      i = collapse - 1;
    } else if (ch === '\n') {
      out.push({ text: current, origin });
      current = '';
      const kept = joined.keptLines[breakIndex++];
      origin = kept === undefined ? { kind: 'new' } : { kind: 'keep', line: kept };
    } else {
      current += ch;
    }
  }
  out.push({ text: current, origin });
  return out;
}

/**
 * The sentences of one paragraph's text (no list markers or `>` prefixes): soft-wrapped lines are
 * joined, and the text is split after every sentence end that is safe to split. Hard breaks and line
 * breaks that cannot be joined safely stay. This is the per-paragraph core of `normaliseMarkdown`,
 * without its final rendering check.
 */
export function splitSentences(paragraphText: string): string[] {
  const content = asciiTrim(paragraphText.replace(/\r\n?/g, '\n'));
  if (content === '') return [];
  return reflow(content.split('\n'), {}).map((line) => line.text);
}

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

/** Like markdown-it's paragraph trim: spaces, tabs and line endings only. */
function asciiTrim(s: string): string {
  return s.replace(/^[ \t\r\n]+/, '').replace(/[ \t\r\n]+$/, '');
}

interface Rewrite {
  /** Source lines [start, end) are replaced by `lines`. */
  start: number;
  end: number;
  lines: string[];
}

/** Characters a container prefix (indentation, list markers, `>`) may consist of. */
const PREFIX_CHARS = /^[ >\-+*0-9.)]*$/;
/** A paragraph that starts like an HTML block is left alone (it would be HTML elsewhere). */
const HTML_BLOCK_START = /^<[A-Za-z/!?]/;

/**
 * The prefix of a new line in a paragraph whose first line has `firstPrefix`: block quote markers
 * stay, list markers become spaces. A `>` directly followed by a list marker (`>1. `) gets one extra
 * space: a block quote swallows one space after its `>`, which would otherwise shift the columns.
 */
function continuationPrefix(firstPrefix: string): string {
  let out = '';
  for (let i = 0; i < firstPrefix.length; i++) {
    const ch = firstPrefix[i] ?? '';
    const next = firstPrefix[i + 1];
    if (ch === '>') out += next !== undefined && next !== ' ' && next !== '>' ? '> ' : '>';
    else out += ' ';
  }
  return out;
}

/** The canonical lines for the paragraph on `sourceLines`, or null when it is not safe to touch. */
function rewriteParagraph(sourceLines: readonly string[], content: string, env: Env): string[] | null {
  if (HTML_BLOCK_START.test(content)) return null;
  const contentLines = content.split('\n');
  const n = sourceLines.length;
  if (contentLines.length !== n) return null;
  const prefixes: string[] = [];
  for (let k = 0; k < n; k++) {
    const source = sourceLines[k] ?? '';
    const body = k === n - 1 ? source.replace(/[ \t]+$/, '') : source;
    const line = contentLines[k] ?? '';
    if (!body.endsWith(line)) return null;
    prefixes.push(body.slice(0, body.length - line.length));
  }
  const firstPrefix = prefixes[0] ?? '';
  if (!PREFIX_CHARS.test(firstPrefix)) return null;
  const continuation = continuationPrefix(firstPrefix);

  return reflow(contentLines, env).map((line) => {
    switch (line.origin.kind) {
      case 'first':
        return firstPrefix + line.text;
      case 'new':
        return continuation + line.text;
      case 'keep':
        return (prefixes[line.origin.line] ?? '') + line.text;
    }
  });
}

/** Number of lines of YAML front matter at the start (`---` ... `---` or `...`), 0 if none. */
function frontMatterLength(lines: readonly string[]): number {
  if (!/^---[ \t]*$/.test(lines[0] ?? '')) return 0;
  for (let k = 1; k < lines.length; k++) {
    if (/^(?:---|\.\.\.)[ \t]*$/.test(lines[k] ?? '')) return k + 1;
  }
  return 0;
}

function applyRewrites(lines: readonly string[], rewrites: readonly Rewrite[]): string {
  const out: string[] = [];
  let pos = 0;
  for (const r of rewrites) {
    for (let k = pos; k < r.start; k++) out.push(lines[k] ?? '');
    for (const line of r.lines) out.push(line);
    pos = r.end;
  }
  for (let k = pos; k < lines.length; k++) out.push(lines[k] ?? '');
  return out.join('\n');
}

/** Removes trailing blank lines and ends the text with exactly one "\n" (none for an empty text). */
function finalNewline(text: string): string {
  const trimmed = text.replace(/(?:\n[ \t]*)+$/, '');
  return /^[ \t]*$/.test(trimmed) ? '' : trimmed + '\n';
}

/**
 * Rewrites Markdown to one sentence per line (see the module comment). Idempotent; the rendered HTML
 * (`renderMarkdown`) of the result is byte for byte that of the input. Line endings become "\n" and
 * the result ends with exactly one "\n" (an empty or blank text becomes ""), except where trailing
 * blank lines are content (an unclosed fenced code block): then they stay.
 */
export function normaliseMarkdown(md: string): string {
  return normalise(md, true);
}

/**
 * For tests only: `normaliseMarkdown` without the final check that each paragraph's rewrite keeps
 * the HTML, so that property tests can find rewrites that the rules get wrong. Never store its output.
 */
export function normaliseMarkdownUnchecked(md: string): string {
  return normalise(md, false);
}

function normalise(md: string, check: boolean): string {
  const text = md.replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const env: Env = {};
  const tokens = markdown.parse(text, env);
  // The same as renderMarkdown(text), without parsing twice.
  const expected = markdown.renderer.render(tokens, markdown.options, env);
  const protectedLines = frontMatterLength(lines);

  const rewrites: Rewrite[] = [];
  // Lines whose trailing whitespace is (or may be) content: code, and paragraphs (rewritten below).
  const untrimmed = new Uint8Array(lines.length);
  const tableRows = new Uint8Array(lines.length);
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i];
    if (!open?.map) continue;
    const [start, end] = open.map;
    if (open.type === 'table_open') tableRows.fill(1, start, end);
    if (open.type === 'fence' || open.type === 'code_block' || open.type === 'paragraph_open') untrimmed.fill(1, start, end);
    // A setext heading's content lines but the last may end in a hard break.
    if (open.type === 'heading_open' && open.markup !== '' && !open.markup.startsWith('#')) untrimmed.fill(1, start, end - 2);
    const inline = tokens[i + 1];
    if (open.type !== 'paragraph_open' || inline?.type !== 'inline') continue;
    if (start < protectedLines) continue;
    const source = lines.slice(start, end);
    const rewritten = rewriteParagraph(source, inline.content, env);
    if (rewritten === null) continue;
    if (rewritten.length === source.length && rewritten.every((line, k) => line === source[k])) continue;
    rewrites.push({ start, end, lines: rewritten });
  }
  // Every other line (headings, table rows, list markers, blank lines, front matter) loses its
  // trailing spaces and tabs: markdown-it ignores them there. In a table row, the padding that lines
  // up the columns in the source becomes one space too (cells are trimmed, and a run of blanks in
  // text renders as one space): widening one cell then changes one row, not every row of the table.
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k] ?? '';
    if (untrimmed[k] === 1) continue;
    let clean = line.replace(TRAILING_BLANKS, '');
    if (tableRows[k] === 1) clean = collapseOutside(clean, TABLE_KEEP);
    if (clean !== line) rewrites.push({ start: k, end: k + 1, lines: [clean] });
  }
  rewrites.sort((a, b) => a.start - b.start);

  let result = text;
  if (rewrites.length > 0) {
    result = applyRewrites(lines, rewrites);
    if (check && renderMarkdown(result) !== expected) {
      // Some rewrite changes the HTML: keep only those that do not. Halving the candidates finds the
      // culprits with a few renders per culprit instead of one render per paragraph.
      const accepted: Rewrite[] = [];
      const tryAll = (candidates: readonly Rewrite[]): void => {
        if (candidates.length === 0) return;
        if (renderMarkdown(applyRewrites(lines, [...accepted, ...candidates])) === expected) {
          accepted.push(...candidates);
        } else if (candidates.length > 1) {
          const half = Math.ceil(candidates.length / 2);
          tryAll(candidates.slice(0, half));
          tryAll(candidates.slice(half));
        }
      };
      const half = Math.ceil(rewrites.length / 2);
      tryAll(rewrites.slice(0, half));
      tryAll(rewrites.slice(half));
      result = applyRewrites(lines, accepted);
    }
  }

  // The end of the text: one "\n", unless trailing blank lines are content (an unclosed fence).
  const withNewline = finalNewline(result);
  if (withNewline === result) return result;
  const target = check ? expected : renderMarkdown(result);
  if (renderMarkdown(withNewline) === target) return withNewline;
  const plain = result.endsWith('\n') ? result : result + '\n';
  return renderMarkdown(plain) === target ? plain : result;
}
