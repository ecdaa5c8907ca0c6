/**
 * The endorsement log on a real file: durable appends, the index rebuilt at open, torn last lines
 * cut off (never acknowledged), damage elsewhere refused, check-and-write in one lock, and a log of
 * 20,000 stored endorsements re-opened and appended to. How fast a write is with 20,000 stored is
 * measured in the benchmark (`npm run bench`, section 7; figures in docs/benchmarks.md), not here:
 * this machine is shared, so the tests assert no wall-clock times.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EndorsementReader, EndorsementRecord } from '../../src/domain/endorsementModel.js';
import { EndorsementLog, EndorsementLogCorrupt } from '../../src/storage/endorsementLog.js';
import { tempDir } from '../helpers/testApp.js';

const dir = tempDir('principes-endorsement-log-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let fileCounter = 0;
function freshFile(): string {
  fileCounter += 1;
  return path.join(dir, `log-${fileCounter}.jsonl`);
}

let idCounter = 0;
function record(over: Partial<EndorsementRecord> = {}): EndorsementRecord {
  idCounter += 1;
  return {
    id: `ond_test${idCounter}`,
    document: 'digitale-stad',
    organisatie: { code: `GM${String(idCounter % 10000).padStart(4, '0')}`, naam: `Gemeente ${idCounter}`, type: 'gemeente' },
    versie: '1.0',
    commit: 'a'.repeat(40),
    tree: 'b'.repeat(40),
    status: 'actief',
    ondertekenaar: { naam: 'A. Burgemeester', functie: 'burgemeester' },
    besluit: { orgaan: 'college', datum: '2025-01-15', kenmerk: `Z-${idCounter}`, url: null },
    bron: 'dienst',
    door: { gebruiker: 'gbr_x', naam: 'Tester', organisatie: null },
    vastgelegd: new Date(0).toISOString(),
    intrekking: null,
    ...over,
  };
}

const withdrawal = (reden = 'Raadsbesluit herroepen.') => ({ reden, door: { gebruiker: 'gbr_x', naam: 'Tester', organisatie: null }, tijdstip: new Date(1000).toISOString() });

describe('EndorsementLog', () => {
  it('appends durable events and rebuilds the same index at open (an EndorsementReader)', async () => {
    const file = freshFile();
    const log = EndorsementLog.open(file);
    expect(fs.readFileSync(file, 'utf8')).toBe('');
    const a = await log.endorse(() => record({ organisatie: { code: 'GM0363', naam: 'Amsterdam', type: 'gemeente' } }));
    const b = await log.endorse(() => record({ organisatie: { code: 'GM0772', naam: 'Eindhoven', type: 'gemeente' } }));
    await log.withdraw(a.id, () => withdrawal());
    const c = await log.endorse(() => record({ organisatie: { code: 'GM0363', naam: 'Amsterdam', type: 'gemeente' } }));

    // Three endorsed events and one withdrawn event, one line each.
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
    expect(lines.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(['endorsed', 'endorsed', 'withdrawn', 'endorsed']);

    const reopened: EndorsementReader & EndorsementLog = EndorsementLog.open(file);
    expect(reopened.all().map((r) => [r.id, r.status])).toEqual([
      [a.id, 'ingetrokken'],
      [b.id, 'actief'],
      [c.id, 'actief'],
    ]);
    expect(reopened.all()).toEqual(log.all());
    // The change feed: per event the position it created or replaced (the withdrawal replaced a's).
    expect(log.changes()).toEqual([0, 1, 0, 2]);
    expect(reopened.changes()).toEqual([0, 1, 0, 2]);
    expect(reopened.get(a.id)?.intrekking?.reden).toBe('Raadsbesluit herroepen.');
    expect(reopened.activeFor('digitale-stad', '1.0', 'GM0363')?.id).toBe(c.id);
    expect(reopened.activeFor('digitale-stad', '1.1', 'GM0363')).toBeUndefined();
    expect(reopened.forOrganisation('GM0363').map((r) => r.id)).toEqual([a.id, c.id]);
    expect(reopened.forOrganisation('GM9999')).toEqual([]);
    expect(reopened.forDocument('digitale-stad')).toHaveLength(3);
  });

  it('runs the guard inside the lock: of two endorsements at once for one organisation and version, one is stored', async () => {
    const log = EndorsementLog.open(freshFile());
    const attempt = () =>
      log.endorse(() => {
        if (log.activeFor('digitale-stad', '1.0', 'GM0268')) throw new Error('duplicate');
        return record({ organisatie: { code: 'GM0268', naam: 'Nijmegen', type: 'gemeente' } });
      });
    const results = await Promise.allSettled([attempt(), attempt(), attempt(), attempt()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(log.all()).toHaveLength(1);
    expect(EndorsementLog.open(log.file).all()).toHaveLength(1);
    // The log itself also refuses a second active endorsement when a caller forgets the guard.
    await expect(log.endorse(() => record({ organisatie: { code: 'GM0268', naam: 'Nijmegen', type: 'gemeente' } }))).rejects.toThrow();
  });

  it('writes nothing when the guard throws, and refuses to withdraw twice', async () => {
    const file = freshFile();
    const log = EndorsementLog.open(file);
    const a = await log.endorse(() => record());
    const size = fs.statSync(file).size;
    await expect(
      log.endorse(() => {
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');
    await expect(
      log.withdraw(a.id, () => {
        throw new Error('not yours');
      }),
    ).rejects.toThrow('not yours');
    expect(fs.statSync(file).size).toBe(size);
    await log.withdraw(a.id, () => withdrawal());
    await expect(log.withdraw(a.id, () => withdrawal('again'))).rejects.toThrow();
    await expect(log.withdraw('ond_unknown', () => withdrawal())).rejects.toThrow();
    expect(EndorsementLog.open(file).get(a.id)?.intrekking?.reden).toBe('Raadsbesluit herroepen.');
  });

  it('cuts off a torn last line (no newline) at open, keeps everything before it, and appends cleanly after', async () => {
    const file = freshFile();
    const log = EndorsementLog.open(file);
    const a = await log.endorse(() => record());
    const b = await log.endorse(() => record());
    const good = fs.statSync(file).size;
    // A crash in the middle of the third append: half a line.
    const third = JSON.stringify({ v: 1, event: 'endorsed', record: record() });
    fs.appendFileSync(file, third.slice(0, Math.floor(third.length / 2)));

    const { log: reopened, report } = EndorsementLog.openWithReport(file);
    expect(report).toEqual({ events: 2, cutBytes: Math.floor(third.length / 2) });
    expect(fs.statSync(file).size).toBe(good);
    expect(reopened.all().map((r) => r.id)).toEqual([a.id, b.id]);
    const c = await reopened.endorse(() => record());
    expect(EndorsementLog.open(file).all().map((r) => r.id)).toEqual([a.id, b.id, c.id]);
  });

  it('cuts off a last line that ends in a newline but is not a valid event (e.g. zeros after a crash)', async () => {
    const file = freshFile();
    const log = EndorsementLog.open(file);
    const a = await log.endorse(() => record());
    fs.appendFileSync(file, Buffer.concat([Buffer.alloc(40, 0), Buffer.from('\n')]));
    const { log: reopened, report } = EndorsementLog.openWithReport(file);
    expect(report.cutBytes).toBe(41);
    expect(reopened.all().map((r) => r.id)).toEqual([a.id]);
  });

  it('refuses to open when a line before the last is damaged (acknowledged data is never dropped silently)', async () => {
    const file = freshFile();
    const log = EndorsementLog.open(file);
    await log.endorse(() => record());
    await log.endorse(() => record());
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[0] = `${(lines[0] ?? '').slice(0, 30)}`;
    fs.writeFileSync(file, lines.join('\n'));
    const before = fs.readFileSync(file);
    expect(() => EndorsementLog.open(file)).toThrow(EndorsementLogCorrupt);
    expect(() => EndorsementLog.open(file)).toThrow(/line 1/);
    // Nothing was changed by the refused open.
    expect(fs.readFileSync(file)).toEqual(before);

    // A withdrawal of an unknown endorsement, or a second active endorsement, is damage too.
    const other = freshFile();
    fs.writeFileSync(
      other,
      `${JSON.stringify({ v: 1, event: 'withdrawn', id: 'ond_nobody', intrekking: withdrawal() })}\n${JSON.stringify({ v: 1, event: 'endorsed', record: record() })}\n`,
    );
    expect(() => EndorsementLog.open(other)).toThrow(/unknown endorsement/);
  });

  it('reads every line with the record schema and names the line and the field it does not match', () => {
    // Each line is valid JSON with a known event; one field in it is not what the service writes.
    const cases: [string, unknown, RegExp][] = [
      ['an organisation type that does not exist', { ...record(), organisatie: { code: 'GM0001', naam: 'X', type: 'stad' } }, /line 2: an endorsement without a valid record \(record\.organisatie\.type\)/],
      ['a deciding body that does not exist', { ...record(), besluit: { orgaan: 'gemeenteraad', datum: null, kenmerk: null, url: null } }, /line 2: an endorsement without a valid record \(record\.besluit\.orgaan\)/],
      ['a party without its account', { ...record(), door: { naam: 'Tester', organisatie: null } }, /line 2: an endorsement without a valid record \(record\.door\.gebruiker\)/],
      ['a signatory that is a number', { ...record(), ondertekenaar: { naam: 7, functie: null } }, /line 2: an endorsement without a valid record \(record\.ondertekenaar\.naam\)/],
    ];
    for (const [what, bad, says] of cases) {
      const file = freshFile();
      fs.writeFileSync(file, `${JSON.stringify({ v: 1, event: 'endorsed', record: record() })}\n${JSON.stringify({ v: 1, event: 'endorsed', record: bad })}\n${JSON.stringify({ v: 1, event: 'endorsed', record: record() })}\n`);
      const before = fs.readFileSync(file);
      expect(() => EndorsementLog.open(file), what).toThrow(EndorsementLogCorrupt);
      expect(() => EndorsementLog.open(file), what).toThrow(says);
      expect(fs.readFileSync(file), what).toEqual(before);
    }
    // A withdrawal names its field too.
    const file = freshFile();
    const r = record();
    fs.writeFileSync(
      file,
      `${JSON.stringify({ v: 1, event: 'endorsed', record: r })}\n${JSON.stringify({ v: 1, event: 'withdrawn', id: r.id, intrekking: { reden: 'x', tijdstip: 'y' } })}\n${JSON.stringify({ v: 1, event: 'endorsed', record: record() })}\n`,
    );
    expect(() => EndorsementLog.open(file)).toThrow(/line 2: a withdrawal without id or intrekking \(intrekking\.door\)/);
  });

  it('re-opens 20,000 stored endorsements (and their withdrawals) and keeps appending to them', async () => {
    const file = freshFile();
    // 20,000 stored endorsements (and some withdrawals), written as the log writes them.
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const r = record({ id: `ond_bulk${i}`, organisatie: { code: `ORG-${i}`, naam: `Organisatie ${i}`, type: 'overig' } });
      lines.push(JSON.stringify({ v: 1, event: 'endorsed', record: r }));
      if (i % 10 === 0) lines.push(JSON.stringify({ v: 1, event: 'withdrawn', id: r.id, intrekking: withdrawal() }));
    }
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const { log, report } = EndorsementLog.openWithReport(file);
    expect(report).toEqual({ events: 22_000, cutBytes: 0 });
    expect(log.all()).toHaveLength(20_000);
    expect(log.all().filter((r) => r.status === 'ingetrokken')).toHaveLength(2_000);
    expect(log.activeFor('digitale-stad', '1.0', 'ORG-10')).toBeUndefined();
    expect(log.activeFor('digitale-stad', '1.0', 'ORG-11')?.id).toBe('ond_bulk11');

    for (let i = 0; i < 50; i++) {
      await log.endorse(() => {
        if (log.activeFor('digitale-stad', '1.0', `NEW-${i}`)) throw new Error('duplicate');
        return record({ organisatie: { code: `NEW-${i}`, naam: `Nieuw ${i}`, type: 'overig' } });
      });
    }
    const reopened = EndorsementLog.open(file);
    expect(reopened.all()).toHaveLength(20_050);
    expect(reopened.all()).toEqual(log.all());
  });
});
