/**
 * CSV injection when a spreadsheet splits the open-data CSV on another separator than the comma: a
 * Dutch spreadsheet splits on `;`, others on tabs, and such a reader honours quotes only at the start
 * of what it takes for a cell. No cell such a reader sees may start with a formula character.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/domain/csv.js';
import { adminToken, makeUser } from '../helpers/auth.js';
import { editDraft, makeTestApp, type TestApp } from '../helpers/testApp.js';

/**
 * The cells a spreadsheet sees when it splits on `separator`: a `"` only opens a quoted cell at the
 * start of a cell (`""` inside is a quote); elsewhere quotes are plain text, and a line break outside
 * a quoted cell ends the row. Leading spaces are dropped, as some readers do.
 */
function cellsSplitOn(text: string, separator: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i += 1;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else cell += text[i++];
      }
    }
    while (i < text.length && text[i] !== separator && text[i] !== '\r' && text[i] !== '\n') cell += text[i++];
    cells.push(cell);
    i += 1;
  }
  return cells;
}

const FORMULA = /^[ ]*[=+\-@]/;

const NASTY = [
  'x;=1+1',
  'x; =HYPERLINK("http://evil.example","klik")',
  'x;"=1+1"',
  'a;b;c;-2+3+cmd|\' /C calc\'!A0',
  'x\t@SUM(A1:A9)',
  'eerste regel\n=1+1',
  'eerste regel\r\n+31 20 123 4567',
  '=1+1',
  ' =1+1',
  '"=1+1',
  'x,=1+1;y',
];

describe('CSV cells that become formulas when a spreadsheet splits on ; or tab', () => {
  it('a formula after ;, tab or a line break gets a quote mark; commas and ordinary text are left alone', () => {
    expect(csvField('x;=1+1')).toBe("x;'=1+1");
    expect(csvField('x; -1')).toBe("x;' -1");
    expect(csvField('x\t@A1')).toBe("x\t'@A1");
    expect(csvField('regel\n=1')).toBe(`"regel\n'=1"`);
    expect(csvField('\r=1')).toBe(`"'\r'=1"`);
    expect(csvField('a;b')).toBe('a;b');
    expect(csvField('€ 10,-')).toBe('"€ 10,-"');
    expect(csvField('Jansen; burgemeester')).toBe('Jansen; burgemeester');
  });

  it('no reader splitting on comma, semicolon or tab sees a formula cell', () => {
    const text = toCsv(['id', 'tekst', 'meer'], NASTY.map((v, i) => [String(i), v, `${v};${v}`]));
    for (const separator of [',', ';', '\t']) {
      const bad = cellsSplitOn(text, separator).filter((c) => FORMULA.test(c));
      expect(bad, `split on ${JSON.stringify(separator)}`).toEqual([]);
    }
  });
});

describe('the endorsements CSV', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.cleanup());

  it('a reference like x;=1+1 is neutralised in the export and kept as typed in the JSON', async () => {
    const admin = await adminToken(t);
    const rep = await makeUser(t, 'vertegenwoordiger', 'GM0344');
    await editDraft(t.store);
    await request(t.app).post('/api/v1/documenten/digitale-stad/versies').set('Authorization', `Bearer ${admin}`).send({ naam: '1.1', toelichting: 'Voor de test.' }).expect(201);
    const created = await request(t.app)
      .post('/api/v1/documenten/digitale-stad/versies/1.1/onderschrijvingen')
      .set('Authorization', `Bearer ${rep.token}`)
      .send({ ondertekenaar: { naam: 'J. de Vries', functie: 'burgemeester' }, besluit: { orgaan: 'college', datum: '2025-03-14', kenmerk: 'x;=1+1', url: null } })
      .expect(201);
    expect(created.body.besluit.kenmerk).toBe('x;=1+1');
    const csv = (await request(t.app).get('/api/v1/documenten/digitale-stad/onderschrijvingen?formaat=csv').expect(200)).text;
    expect(csv).toContain(",x;'=1+1,");
    for (const separator of [',', ';']) expect(cellsSplitOn(csv, separator).filter((c) => FORMULA.test(c))).toEqual([]);
  });
});
