/**
 * The shape of one principles document as it lives in a git tree:
 * `document.yml` (metadata) and one Markdown file per principle, `NN-<slug>.md`, first line `# <title>`.
 * Pure functions only: parse a set of files into a DocumentText and back.
 */
import YAML from 'yaml';
import { InvalidInput } from '../errors.js';

export const META_FILE = 'document.yml';
/** `01-infrastructuur-voor-iedereen.md`: two digits, a dash, a lowercase kebab-case slug. */
export const PRINCIPLE_FILE_PATTERN = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

export interface DocumentMeta {
  titel: string;
  beschrijving: string;
  bron?: string;
  auteurs?: string;
  /** How principles are numbered; `doorlopend` = 1..n in file order. */
  nummering: string;
}

export interface Principle {
  /** File name inside the document tree, e.g. `03-open-en-bekende-technologie.md`. */
  bestand: string;
  /** 1-based position in file order. */
  nummer: number;
  /** The text of the first line's `# ` heading. */
  titel: string;
  /** The whole Markdown file, heading included. */
  tekst: string;
}

export interface DocumentText {
  meta: DocumentMeta;
  principes: Principle[];
}

export function isPrincipleFile(name: string): boolean {
  return PRINCIPLE_FILE_PATTERN.test(name);
}

/** The title of a principle: its first line without `# `; the file name when the line is no heading. */
export function principleTitle(bestand: string, tekst: string): string {
  const first = tekst.split('\n', 1)[0] ?? '';
  const m = /^#\s+(.+?)\s*#*\s*$/.exec(first);
  return m?.[1] ?? bestand.replace(/\.md$/, '');
}

export function parseMeta(yamlText: string): DocumentMeta {
  let raw: unknown;
  try {
    raw = YAML.parse(yamlText);
  } catch (e) {
    throw new InvalidInput('document.yml is geen geldige YAML.', [{ name: META_FILE, reason: String(e) }]);
  }
  const obj = (raw ?? {}) as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof obj[k] === 'string' ? (obj[k] as string) : undefined);
  return {
    titel: str('titel') ?? 'Naamloos document',
    beschrijving: str('beschrijving') ?? '',
    ...(str('bron') !== undefined ? { bron: str('bron') } : {}),
    ...(str('auteurs') !== undefined ? { auteurs: str('auteurs') } : {}),
    nummering: str('nummering') ?? 'doorlopend',
  };
}

/** Builds the document from a tree's files (path -> UTF-8 content). Unknown files are ignored. */
export function parseDocumentFiles(files: ReadonlyMap<string, string>): DocumentText {
  const metaText = files.get(META_FILE);
  const meta = metaText === undefined ? parseMeta('') : parseMeta(metaText);
  const names = [...files.keys()].filter(isPrincipleFile).sort();
  const principes = names.map((bestand, i) => {
    const tekst = files.get(bestand) ?? '';
    return { bestand, nummer: i + 1, titel: principleTitle(bestand, tekst), tekst };
  });
  return { meta, principes };
}

/** The Markdown body of a principle without its heading line (and the blank line after it). */
export function principleBody(tekst: string): string {
  const lines = tekst.split('\n');
  if (/^#\s/.test(lines[0] ?? '')) {
    lines.shift();
    while (lines.length > 0 && lines[0]?.trim() === '') lines.shift();
  }
  return lines.join('\n');
}

/**
 * The whole document as one Markdown text: the title, then each principle with its heading demoted
 * one level and numbered. Used for downloads and (later) the adoption document and its hash.
 */
export function consolidatedMarkdown(doc: DocumentText): string {
  const parts = [`# ${doc.meta.titel}\n`];
  for (const p of doc.principes) {
    const body = principleBody(p.tekst).replace(/\n+$/, '');
    parts.push(`## ${p.nummer}. ${p.titel}\n\n${body}\n`);
  }
  return parts.join('\n');
}
