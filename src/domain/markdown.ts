/**
 * The one Markdown renderer of the project.
 *
 * - `html: false`: raw HTML in user Markdown is escaped and shown as text, never executed.
 * - `linkify: false`, `typographer: false`: what the author wrote is what is shown.
 * - markdown-it's default `validateLink` stays in place: `javascript:`, `vbscript:`, `file:` and most
 *   `data:` URLs never become a link. Links open normally (no `target`).
 * - A soft line break renders as one space instead of "\n", so a paragraph written one sentence per
 *   line (see `sentences.ts` and docs/sentences.md) renders to exactly the same HTML as the same paragraph
 *   on one line. The same holds for the `alt` text of images.
 * - A run of spaces or tabs in text renders as one space, as a browser shows it.
 */
import MarkdownIt from 'markdown-it';
import type { MarkdownIt as MarkdownItInstance, Token } from 'markdown-it';

/**
 * A parser with the project's options. `sentences.ts` builds its own instance from this to trace
 * inline parsing, so both always parse the same Markdown the same way.
 */
export function createMarkdownParser(): MarkdownItInstance {
  return new MarkdownIt({
    html: false,
    linkify: false,
    typographer: false,
  });
}

/** The configured instance used for all rendering. */
export const markdown: MarkdownItInstance = createMarkdownParser();

/** A run of blanks in text: rendered as one space (see the text rule below). */
const BLANK_RUN = /[ \t]{2,}|\t/g;

markdown.renderer.rules.softbreak = (tokens, idx) => {
  // After text that already ends in a blank (a tab before the line end, which markdown-it keeps),
  // the break adds nothing: the blanks render as one space, see below.
  const before = tokens[idx - 1];
  return before?.type === 'text' && /[ \t]$/.test(before.content) ? '' : ' ';
};

/**
 * Runs of spaces and tabs in text render as one space: what a browser shows anyway (white-space:
 * normal), now also byte for byte. So "Zin een.  Zin twee." and the same two sentences on two lines
 * (see `sentences.ts`) render identically, and so do "de  stad" and "de stad". Code keeps its spaces.
 */
markdown.renderer.rules.text = (tokens, idx) => markdown.utils.escapeHtml((tokens[idx]?.content ?? '').replace(BLANK_RUN, ' '));

/** Plain text of inline tokens for an image's `alt`: like markdown-it's, but a soft break is a space. */
function altText(tokens: readonly Token[]): string {
  let result = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        result += token.content.replace(BLANK_RUN, ' ');
        break;
      case 'code_inline':
      case 'html_inline':
        result += token.content;
        break;
      case 'image':
        result += altText(token.children ?? []);
        break;
      case 'softbreak':
        result += ' ';
        break;
      case 'hardbreak':
        result += '\n';
        break;
      default:
        break;
    }
  }
  return result;
}

/** The `env` flag for images as links to them (`[afbeelding: alt]`): a file read outside the site fetches nothing. */
const IMAGES_AS_LINKS = 'imagesAsLinks';

markdown.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token === undefined) return '';
  const alt = altText(token.children ?? []);
  if ((env as Record<string, unknown> | undefined)?.[IMAGES_AS_LINKS] === true) {
    const label = `[afbeelding: ${markdown.utils.escapeHtml(alt)}]`;
    const src = String(token.attrGet('src') ?? '');
    return /^https?:/i.test(src) ? `<a href="${markdown.utils.escapeHtml(src)}">${label}</a>` : label;
  }
  token.attrSet('alt', alt);
  return self.renderToken(tokens, idx, options);
};

/** Renders a Markdown document (block level) to HTML. */
export function renderMarkdown(md: string): string {
  return markdown.render(md);
}

/**
 * As renderMarkdown, for a document read outside the site (a downloaded file): images become links to
 * them, so opening the file loads nothing from elsewhere.
 */
export function renderMarkdownStandalone(md: string): string {
  return markdown.render(md, { [IMAGES_AS_LINKS]: true });
}

/** Renders one line of Markdown without a surrounding paragraph, e.g. a title. */
export function renderInline(md: string): string {
  return markdown.renderInline(md);
}
