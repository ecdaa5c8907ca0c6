/**
 * Command-line tools that work on the store without HTTP.
 *
 *   npm run cli -- audit-verify [--data-dir DIR | --bestand FILE] [--kop HASH]
 *     Verifies the hash chain of the audit log (default: <DATA_DIR>/audit.jsonl). Exit code 0 when the
 *     chain is intact, 1 when an entry was altered, removed, inserted or reordered, 2 on usage errors.
 *     With --kop, the newest entry's hash must also equal HASH (a head published earlier, e.g. in an
 *     adoption document): that also catches entries cut off at the end. The head the service records
 *     beside the log (`audit-kop.json`) is checked as well: the log must still hold that entry.
 *     Read-only: safe while the service runs.
 *
 *   npm run cli -- audit-verify --export FILE [--kop HASH]
 *     Verifies a public export (GET /api/v1/documenten/{document}/onderschrijvingen/audit saved as FILE):
 *     the hash links of every entry form one unbroken chain ending at the export's `kop`, and every
 *     full entry (the endorsements) recomputes to its hash at its place in that chain. Exit 0 or 1.
 *
 *   npm run cli -- vaststellingsstuk --document SLUG --versie X.Y [--formaat md|html|docx] [--uit FILE] [--data-dir DIR]
 *     Writes the adoption document of a version from the store (see adoptionDocumentCli.ts); refuses
 *     while the service holds the store's lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseJsonLines, verifyChain, verifyExport } from '../domain/auditChain.js';
import { loadConfig } from '../config.js';
import { ADOPTION_USAGE, adoptionDocumentCommand } from './adoptionDocumentCli.js';
import { headFileOf, readHeadFile } from '../storage/auditLog.js';

function usage(message?: string): never {
  if (message) console.error(message);
  console.error('Usage: npm run cli -- audit-verify [--data-dir DIR | --bestand FILE | --export FILE] [--kop HASH]');
  console.error(`       ${ADOPTION_USAGE}`);
  process.exit(2);
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) usage(`${name} needs a value`);
  return v;
}

/** `--export FILE`: a public endorsement audit export (JSON). */
function verifyExportFile(file: string, kop: string | undefined): number {
  if (!fs.existsSync(file)) {
    console.error(`No export at ${file}`);
    return 2;
  }
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    console.error(`FAIL: ${file} is not valid JSON`);
    return 1;
  }
  const verdict = verifyExport(data, kop);
  if (!verdict.ok) {
    console.error(`FAIL: the export in ${file} does not verify${verdict.at !== undefined ? ` at entry ${verdict.at}` : ''}: ${verdict.reason}`);
    return 1;
  }
  console.log(`OK: ${verdict.links} links, chain intact; ${verdict.entries} full entries verified; head ${verdict.head}`);
  return 0;
}

export function auditVerify(args: string[]): number {
  const exported = option(args, '--export');
  if (exported !== undefined) return verifyExportFile(exported, option(args, '--kop'));
  const file = option(args, '--bestand') ?? path.join(option(args, '--data-dir') ?? loadConfig().dataDir, 'audit.jsonl');
  if (!fs.existsSync(file)) {
    console.error(`No audit log at ${file}`);
    return 2;
  }
  // The head the service recorded beside the log (read before the log: it is a lower bound of it).
  let recorded: { volgnummer: number; hash: string } | null = null;
  try {
    recorded = readHeadFile(headFileOf(file));
  } catch (e) {
    console.error(`WARNING: ${e instanceof Error ? e.message : String(e)} (checking the chain alone)`);
  }
  const parsed = parseJsonLines(fs.readFileSync(file, 'utf8'));
  if (parsed.error) {
    console.error(`FAIL: line ${parsed.error.line} of ${file} is ${parsed.error.reason}`);
    return 1;
  }
  const verdict = verifyChain(parsed.entries);
  if (!verdict.ok) {
    console.error(`FAIL: the audit chain in ${file} is broken at entry ${verdict.at} of ${verdict.entries}: ${verdict.reason}`);
    return 1;
  }
  if (recorded !== null && recorded.volgnummer > 0) {
    const entry = parsed.entries[recorded.volgnummer - 1] as { hash?: unknown } | undefined;
    if (entry?.hash !== recorded.hash) {
      console.error(`FAIL: the chain is intact but does not hold entry ${recorded.volgnummer} recorded in ${headFileOf(file)}: entries were cut off its end, or it was replaced`);
      return 1;
    }
  }
  const kop = option(args, '--kop');
  if (kop !== undefined && kop !== verdict.head) {
    console.error(`FAIL: the chain is intact but ends at ${verdict.head}, not at the expected head ${kop} (entries were cut off, or it is another log)`);
    return 1;
  }
  console.log(`OK: ${verdict.entries} entries, chain intact; head ${verdict.head}`);
  return 0;
}

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case 'audit-verify':
    process.exit(auditVerify(rest));
    break;
  case 'vaststellingsstuk':
    process.exit(await adoptionDocumentCommand(rest));
    break;
  default:
    usage(command ? `Unknown command: ${command}` : undefined);
}
