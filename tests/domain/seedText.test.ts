import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { parseDocumentFiles, principleBody } from '../../src/domain/documentModel.js';

const letter = fs.readFileSync(path.join(PROJECT_ROOT, 'data', 'reference', 'ledenbrief-principes-digitale-stad.txt'), 'utf8');
const seedDir = path.join(PROJECT_ROOT, 'principles', 'digitale-stad');
const files = new Map(fs.readdirSync(seedDir).map((f) => [f, fs.readFileSync(path.join(seedDir, f), 'utf8')]));
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('the seed document', () => {
  const doc = parseDocumentFiles(files);

  it('has the metadata and four principles with short titles', () => {
    expect(doc.meta.titel).toBe('Principes voor de digitale stad');
    expect(doc.meta.bron).toContain('Ledenbrief VNG');
    expect(doc.principes.map((p) => p.bestand)).toEqual([
      '01-infrastructuur-voor-iedereen.md',
      '02-samen-producent-en-consument.md',
      '03-open-en-bekende-technologie.md',
      '04-open-en-gedeelde-data.md',
    ]);
    for (const p of doc.principes) expect(p.tekst.startsWith(`# ${p.titel}\n`)).toBe(true);
  });

  it('holds each principle word for word as the VNG letter has it', () => {
    const letterText = squash(letter);
    doc.principes.forEach((p, i) => {
      const body = squash(principleBody(p.tekst));
      expect(letterText).toContain(`${i + 1}. ${body}`);
    });
  });

  it('has one sentence per line', () => {
    for (const p of doc.principes) {
      for (const line of principleBody(p.tekst).trim().split('\n')) {
        expect(line, p.bestand).toMatch(/\.$/);
        expect(line.slice(0, -1), p.bestand).not.toMatch(/\. [A-Z]/);
      }
    }
  });
});
