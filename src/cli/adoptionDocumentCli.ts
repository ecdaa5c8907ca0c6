/**
 *   npm run cli -- vaststellingsstuk --document SLUG --versie X.Y [--formaat md|html|docx] [--uit FILE] [--data-dir DIR]
 *
 * Writes the adoption document of a named version straight from the store, without a running server,
 * byte for byte the same as the API gives for the same record. Exit 0 on success, 1 when the store is
 * in use or the version is unknown, 2 on usage errors.
 *
 * Why it refuses while the service runs: the service holds `<DATA_DIR>/.lock` and keeps `db.json`
 * (lowdb), the amendment metadata and its git indexes in memory. Reading the files behind its back
 * would mostly work, but opening the store also repairs what a crash left behind (a torn audit line,
 * stale git lock files), which only the lock holder may do, and a read between two of the service's
 * writes (git first, then the db) could mix states. So the CLI takes the same lock and, while a live
 * process holds it, says so and points at the service's own download, which gives the same bytes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { FORMATS, type AdoptionFormat } from '../presenters/adoption/text.js';
import { adoptionFile } from '../presenters/adoption/adoptionFile.js';
import { adoptionDocument } from '../queries/adoptionQueries.js';
import { DataDirLocked, lockDataDir } from '../storage/dataDirLock.js';
import { openStores } from '../storage/stores.js';
import { DomainError, StartRefused } from '../errors.js';

export const ADOPTION_USAGE =
  'npm run cli -- vaststellingsstuk --document SLUG --versie X.Y [--formaat md|html|docx] [--uit FILE] [--data-dir DIR]';

class UsageError extends Error {}

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return v;
}

function isFormat(v: string): v is AdoptionFormat {
  return (FORMATS as readonly string[]).includes(v);
}

export async function adoptionDocumentCommand(args: readonly string[], log: (line: string) => void = console.log, fail: (line: string) => void = console.error): Promise<number> {
  let slug: string | undefined;
  let versie: string | undefined;
  let format: string;
  let out: string | undefined;
  let dataDir: string;
  try {
    slug = option(args, '--document');
    versie = option(args, '--versie');
    format = option(args, '--formaat') ?? 'docx';
    out = option(args, '--uit');
    const dir = option(args, '--data-dir');
    const config = dir === undefined ? loadConfig() : undefined;
    dataDir = path.resolve(dir ?? config?.dataDir ?? '');
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
    fail(`Usage: ${ADOPTION_USAGE}`);
    return 2;
  }
  if (slug === undefined || versie === undefined) {
    fail('--document and --versie are required');
    fail(`Usage: ${ADOPTION_USAGE}`);
    return 2;
  }
  if (!isFormat(format)) {
    fail(`Unknown format "${format}": use md, html or docx`);
    return 2;
  }
  if (!fs.existsSync(path.join(dataDir, 'documents'))) {
    fail(`No store at ${dataDir} (no documents/ folder). Use --data-dir DIR or DATA_DIR.`);
    return 2;
  }
  const publicUrl = loadConfig().publicUrl;
  let lock;
  try {
    lock = lockDataDir(dataDir);
  } catch (e) {
    if (e instanceof DataDirLocked) {
      fail(
        `The store ${dataDir} is in use by the running service (pid ${e.pid}). The service keeps its database in memory, ` +
          'so the CLI does not read the store while it runs. Download the document from the service instead: ' +
          `${publicUrl}/api/v1/documenten/${slug}/versies/${versie}/vaststellingsstuk?formaat=${format} ` +
          '(or from the version page), or stop the service and run this command again.',
      );
      return 1;
    }
    throw e;
  }
  try {
    const stores = await openStores(dataDir);
    const doc = await adoptionFile(await adoptionDocument(stores, slug, versie, { publicUrl }), format);
    const target = path.resolve(out ?? doc.name);
    fs.writeFileSync(target, doc.body);
    log(`Wrote ${target} (${doc.body.length} bytes, SHA-256 ${createHash('sha256').update(doc.body).digest('hex')})`);
    return 0;
  } catch (e) {
    if (e instanceof DomainError) {
      fail(`${e.title}: ${e.detail}`);
      return e.status === 400 ? 2 : 1;
    }
    if (e instanceof StartRefused) {
      // A damaged store: the same one line the service prints when it refuses to start.
      fail(e.message);
      return 1;
    }
    throw e;
  } finally {
    lock.release();
  }
}
