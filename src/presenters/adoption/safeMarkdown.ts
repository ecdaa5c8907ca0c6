/**
 * User text in the Markdown adoption document. A Markdown file is rendered by whatever viewer opens it
 * (a git forge, an editor's preview, a converter), many of which pass raw HTML through and follow any
 * link, so nothing a user typed may reach the file as markup:
 *
 * - plain text (names, titles, the decision text, references, a redline's source text) is escaped, so it
 *   shows exactly as typed (`mdText`, `mdLine`);
 * - a principle's body, which is Markdown by design, is parsed with the project's one parser and written
 *   out again from its tokens (`safeMarkdown`): the structure the HTML rendering shows (paragraphs, one
 *   sentence per line, headings, lists, quotes, code, emphasis, tables, links), with every text escaped,
 *   raw HTML as text (the parser runs with `html: false`), links only to http(s), mailto or relative
 *   targets, and images as links (`[afbeelding: …]`) so that opening the file fetches nothing.
 * Deterministic: the same input gives the same bytes.
 */
import type { Token } from 'markdown-it';
import { markdown } from '../../domain/markdown.js';

/**
 * Characters that can start markup anywhere in a line: Markdown (emphasis, code, links, images, tables,
 * strikethrough, entities, raw HTML, autolinks), CriticMarkup (`{++`, `{>>`) and the escape itself.
 */
const INLINE_SPECIAL = /[\\`*_[\]<>{}|~&]/g;

/** Plain text as literal Markdown on one line: markup characters escaped, line breaks as spaces. */
export function mdText(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(INLINE_SPECIAL, (c) => `\\${c}`);
}

/** Escapes what would make the start of a line a block: a heading, a list item, a rule, code by indent. */
export function mdLineStart(line: string): string {
  const trimmed = line.replace(/^[ \t]+/, '');
  const ordered = /^(\d{1,9})([.)])/.exec(trimmed);
  if (ordered !== null) return `${ordered[1]}\\${ordered[2]}${trimmed.slice(ordered[0].length)}`;
  return /^[#+\-=]/.test(trimmed) ? `\\${trimmed}` : trimmed;
}

/** Plain text as one literal Markdown line that may start a block (a paragraph of its own). */
export function mdLine(text: string): string {
  return mdLineStart(mdText(text));
}

/** True for a link target that opens nothing but a web page, a mail program or a place on the site. */
export function isSafeHref(href: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href);
  return scheme === null ? !/^[\s\\]/.test(href) : /^(https?|mailto)$/i.test(scheme[1] ?? '');
}

/** A link destination in angle brackets (the parser already percent-encoded spaces and the like). */
function destination(href: string): string {
  return `<${href.replace(/[<>\\\r\n]/g, (c) => encodeURIComponent(c))}>`;
}

function codeSpan(content: string, inTable: boolean): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') ? ' ' : '';
  const body = inTable ? content.replace(/\|/g, '\\|') : content;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** Plain text of inline tokens (an image's description). */
function plain(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.type === 'softbreak' || t.type === 'hardbreak') out += ' ';
    else if (t.type === 'image') out += plain(t.children ?? []);
    else out += t.content;
  }
  return out;
}

function inline(tokens: readonly Token[], opts: { inTable?: boolean; oneLine?: boolean } = {}): string {
  let out = '';
  const links: (string | null)[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
      case 'html_inline':
        out += mdText(t.content);
        break;
      case 'softbreak':
        out += opts.oneLine || opts.inTable ? ' ' : '\n';
        break;
      case 'hardbreak':
        out += opts.oneLine || opts.inTable ? ' ' : '\\\n';
        break;
      case 'code_inline':
        out += codeSpan(t.content, opts.inTable === true);
        break;
      case 'em_open':
      case 'em_close':
        out += '*';
        break;
      case 'strong_open':
      case 'strong_close':
        out += '**';
        break;
      case 's_open':
      case 's_close':
        out += '~~';
        break;
      case 'link_open': {
        const raw = t.attrGet('href');
        const href = raw === null ? null : String(raw);
        const safe = href !== null && isSafeHref(href) ? href : null;
        links.push(safe);
        if (safe !== null) out += '[';
        break;
      }
      case 'link_close': {
        const href = links.pop() ?? null;
        if (href !== null) out += `](${destination(href)})`;
        break;
      }
      case 'image': {
        const label = `\\[afbeelding: ${mdText(plain(t.children ?? []))}\\]`;
        const rawSrc = t.attrGet('src');
        const src = rawSrc === null ? null : String(rawSrc);
        // A link, never an image: opening the file must not fetch anything.
        out += src !== null && /^https?:/i.test(src) ? `[${label}](${destination(src)})` : label;
        break;
      }
      default:
        if (t.content) out += mdText(t.content);
    }
  }
  return out;
}

interface Container {
  first: string;
  rest: string;
  started: boolean;
}

/** A principle's Markdown body, written out again from its tokens with every user text escaped. */
export function safeMarkdown(source: string): string {
  const tokens = markdown.parse(source, {});
  const lines: string[] = [];
  const containers: Container[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  /** A block was written: the next one needs a blank line before it (unless it is a tight list's). */
  let pendingBlank = false;

  /** The prefix of a content line; the first line in a container gets its marker (`- `, `1. `). */
  const prefix = (): string => {
    let p = '';
    for (const c of containers) {
      p += c.started ? c.rest : c.first;
      c.started = true;
    }
    return p;
  };
  /** A blank line inside the containers already started. */
  const blank = (): void => {
    let p = '';
    for (const c of containers) {
      if (!c.started) break;
      p += c.rest;
    }
    lines.push(p.replace(/\s+$/, ''));
    pendingBlank = false;
  };
  const emit = (text: readonly string[], opts: { escapeStarts?: boolean; tight?: boolean } = {}): void => {
    if (pendingBlank && opts.tight !== true) blank();
    for (const l of text) lines.push(prefix() + (opts.escapeStarts === true ? mdLineStart(l) : l));
    pendingBlank = true;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    switch (t.type) {
      case 'paragraph_open':
        // A tight list's paragraphs are hidden: its items follow each other without blank lines.
        emit(inline(tokens[i + 1]?.children ?? []).split('\n'), { escapeStarts: true, tight: t.hidden });
        i += 2;
        break;
      case 'heading_open': {
        const level = Number(t.tag.slice(1)) || 1;
        emit([`${'#'.repeat(level)} ${inline(tokens[i + 1]?.children ?? [], { oneLine: true })}`]);
        i += 2;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        if (pendingBlank) blank();
        lists.push({ ordered: t.type === 'ordered_list_open', next: Number(t.attrGet('start') ?? 1) || 1 });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        pendingBlank = true;
        break;
      case 'list_item_open': {
        const list = lists.at(-1);
        const marker = list?.ordered ? `${list.next}. ` : '- ';
        if (list?.ordered) list.next += 1;
        containers.push({ first: marker, rest: ' '.repeat(marker.length), started: false });
        break;
      }
      case 'list_item_close':
        // An empty item still gets its marker.
        if (containers.at(-1)?.started === false) lines.push(prefix().replace(/\s+$/, ''));
        containers.pop();
        pendingBlank = true;
        break;
      case 'blockquote_open':
        if (pendingBlank) blank();
        containers.push({ first: '> ', rest: '> ', started: false });
        break;
      case 'blockquote_close':
        if (containers.at(-1)?.started === false) lines.push(prefix().replace(/\s+$/, ''));
        containers.pop();
        pendingBlank = true;
        break;
      case 'fence':
      case 'code_block': {
        const body = t.content.replace(/\n$/, '');
        const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((r) => r.length));
        const fence = '`'.repeat(longest + 1);
        emit([fence, ...body.split('\n'), fence]);
        break;
      }
      case 'hr':
        emit(['---']);
        break;
      case 'table_open': {
        const rows: string[] = [];
        let align: string[] = [];
        let cells: string[] = [];
        let header = true;
        for (i += 1; i < tokens.length && tokens[i]?.type !== 'table_close'; i++) {
          const c = tokens[i] as Token;
          if (c.type === 'tr_open') cells = [];
          else if (c.type === 'th_open' || c.type === 'td_open') {
            if (header) {
              const style = String(c.attrGet('style') ?? '');
              align.push(style.includes('center') ? ':---:' : style.includes('right') ? '---:' : style.includes('left') ? ':---' : '---');
            }
            cells.push(inline(tokens[i + 1]?.children ?? [], { inTable: true }).trim() || ' ');
            i += 2;
          } else if (c.type === 'tr_close') {
            rows.push(`| ${cells.join(' | ')} |`);
            if (header) rows.push(`| ${align.join(' | ')} |`);
            header = false;
            align = [];
          }
        }
        emit(rows);
        break;
      }
      default:
        if (t.type === 'inline') emit(inline(t.children ?? []).split('\n'), { escapeStarts: true });
        break;
    }
  }
  return lines.join('\n');
}
