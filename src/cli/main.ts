/**
 * Command-line tools that work on the store without HTTP.
 *
 *   npm run cli -- audit-verify [--data-dir DIR | --bestand FILE] [--kop HASH]
 *     Verifies the hash chain of the audit log (default: <DATA_DIR>/audit.jsonl). Exit code 0 when the
 *     chain is intact, 1 when an entry was altered, removed, inserted or reordered, 2 on usage errors.
 *     With --kop, the newest entry's hash must also equal HASH (a head published earlier, e.g. in an
 *     adoption document): that also catches entries cut off at the end.
 *     Read-only: safe while the service runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseJsonLines, verifyChain } from '../domain/auditChain.js';
import { loadConfig } from '../config.js';

function usage(message?: string): never {
  if (message) console.error(message);
  console.error('Usage: npm run cli -- audit-verify [--data-dir DIR | --bestand FILE] [--kop HASH]');
  process.exit(2);
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) usage(`${name} needs a value`);
  return v;
}

export function auditVerify(args: string[]): number {
  const file = option(args, '--bestand') ?? path.join(option(args, '--data-dir') ?? loadConfig().dataDir, 'audit.jsonl');
  if (!fs.existsSync(file)) {
    console.error(`No audit log at ${file}`);
    return 2;
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
  default:
    usage(command ? `Unknown command: ${command}` : undefined);
}
