/**
 * The measurement behind the amendment store's layout (docs/storage.md, "Amendment metadata"): two
 * layouts whose write cost does not grow with the number of amendments, side by side on this machine's
 * disk, with a real record (amendment 1 of the fixture store written by the old code, ~3 KB):
 * - one file per amendment: a temporary file, fsync, rename, fsync of the folder (what AmendmentStore.put does);
 * - one append-only log of whole records, fsync per append (as the endorsement log).
 * At 100, 2,000 and 10,000 records: 40 fsynced writes each (median and max), the event loop's longest
 * block during a write (a setImmediate chain), and the time to read everything back (an open).
 * Standalone: `npx tsx bench/amendmentLayouts.ts` (a few seconds; not part of `npm run bench`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AmendmentRecord } from '../src/domain/amendmentModel.js';
import { replaceFileDurably } from '../src/storage/durableFile.js';
import { BENCH_DIR } from './protocol.js';
import { ms, now, summarise } from './stats.js';

const FIXTURE = path.join(BENCH_DIR, '..', 'tests', 'fixtures', 'legacy-amendment-store', 'store', 'amendementen.json');
const WRITES = 40;

function probe(): () => number {
  let last = now();
  let block = 0;
  let on = true;
  const tick = (): void => {
    const t = now();
    block = Math.max(block, t - last);
    last = t;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  return () => {
    on = false;
    return Math.max(block, now() - last);
  };
}

async function main(): Promise<void> {
  const source = (JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { amendementen: AmendmentRecord[] }).amendementen[0] as AmendmentRecord;
  const record = (n: number): AmendmentRecord => ({ ...source, nummer: n, branch: `amendementen/${n}` });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'principes-layouts-'));
  try {
    const dir = path.join(tmp, 'files');
    fs.mkdirSync(dir);
    const logFile = path.join(tmp, 'log.jsonl');
    const log = await fs.promises.open(logFile, 'a');
    const append = async (r: AmendmentRecord): Promise<void> => {
      await log.write(`${JSON.stringify({ v: 1, record: r })}\n`);
      await log.sync();
    };
    console.log(`record: ${JSON.stringify(record(1), null, 2).length.toLocaleString('en')} bytes; ${WRITES} fsynced writes per size; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
    let filled = 0;
    for (const size of [100, 2_000, 10_000]) {
      for (; filled < size; filled++) {
        const r = record(filled + 1);
        fs.writeFileSync(path.join(dir, `${r.nummer}.json`), JSON.stringify(r, null, 2));
        fs.appendFileSync(logFile, `${JSON.stringify({ v: 1, record: r })}\n`);
      }
      const files = { ms: [] as number[], block: [] as number[] };
      const appends = { ms: [] as number[], block: [] as number[] };
      for (let i = 0; i < WRITES; i++) {
        const r = record(1 + ((i * 37) % size));
        let stop = probe();
        let t = now();
        await replaceFileDurably(path.join(dir, `${r.nummer}.json`), JSON.stringify(r, null, 2));
        files.ms.push(now() - t);
        files.block.push(stop());
        stop = probe();
        t = now();
        await append(r);
        appends.ms.push(now() - t);
        appends.block.push(stop());
      }
      let t = now();
      for (const f of fs.readdirSync(dir)) JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      const openFiles = now() - t;
      t = now();
      const lines = fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => l !== '');
      for (const l of lines) JSON.parse(l);
      const openLog = now() - t;
      const line = (name: string, x: { ms: number[]; block: number[] }, open: number, what: string) =>
        `  ${name}: write ${ms(summarise(x.ms).median)} ms (max ${ms(Math.max(...x.ms))}), event-loop block ${ms(summarise(x.block).median)} ms (max ${ms(Math.max(...x.block))}); open ${ms(open)} ms (${what})`;
      console.log(`${size.toLocaleString('en')} records`);
      console.log(line('one file per amendment', files, openFiles, `${size.toLocaleString('en')} files`));
      console.log(line('append-only log       ', appends, openLog, `${lines.length.toLocaleString('en')} lines, ${(fs.statSync(logFile).size / 1e6).toFixed(1)} MB`));
    }
    await log.close();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
