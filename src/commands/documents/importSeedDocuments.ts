/**
 * First start: every folder under the seed directory (`principles/<slug>/`) that has no repository in
 * the store yet becomes a new document repository with one commit and the annotated tag `v1.0`.
 * A document that already exists is left exactly as it is, so a second start changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { META_FILE, isPrincipleFile, parseMeta } from '../../domain/documentModel.js';
import { normaliseMarkdown } from '../../domain/sentences.js';
import { SERVICE_EMAIL } from '../../domain/gitIdentity.js';
import type { DocumentStore } from '../../storage/documentStore.js';
import type { Signature } from '../../storage/git/types.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface ImportResult {
  created: string[];
  existing: string[];
}

export async function importSeedDocuments(
  store: DocumentStore,
  seedDir: string,
  now: Date = new Date(),
): Promise<ImportResult> {
  const result: ImportResult = { created: [], existing: [] };
  if (!fs.existsSync(seedDir)) return result;
  const slugs = fs
    .readdirSync(seedDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && SLUG.test(d.name))
    .map((d) => d.name)
    .sort();
  for (const slug of slugs) {
    if (store.has(slug)) {
      result.existing.push(slug);
      continue;
    }
    const dir = path.join(seedDir, slug);
    const files: Record<string, string> = {};
    for (const name of fs.readdirSync(dir).sort()) {
      if (name !== META_FILE && !isPrincipleFile(name)) continue;
      const raw = fs.readFileSync(path.join(dir, name), 'utf8');
      // Every text that enters is normalised to one sentence per line, so git diffs and merges per sentence.
      files[name] = isPrincipleFile(name) ? normaliseMarkdown(raw) : raw;
    }
    const meta = parseMeta(files[META_FILE] ?? '');
    const signature: Signature = {
      name: meta.auteurs ?? 'VNG',
      // No account made this commit: the service's own non-personal address (domain/gitIdentity.ts).
      email: SERVICE_EMAIL,
      timestamp: Math.floor(now.getTime() / 1000),
      timezoneOffset: 0,
    };
    const source = meta.bron ?? 'de bronbestanden in principles/';
    await store.create(slug, {
      files,
      author: signature,
      message: `${meta.titel}: tekst uit de bron\n\nBron: ${source}\n`,
      version: {
        naam: '1.0',
        message: `Versie 1.0: ${meta.titel}\n\nDe tekst zoals opgenomen in de bron: ${source}\n`,
        tagger: { ...signature, name: 'Vereniging van Nederlandse Gemeenten' },
      },
    });
    result.created.push(slug);
  }
  return result;
}
