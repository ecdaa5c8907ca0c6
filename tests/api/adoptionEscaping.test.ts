/**
 * Script and link payloads in every text field a user fills that ends up in the adoption document
 * (amendment title, reason, the decision text, the ALV reference, names, and a principle's own text with
 * raw HTML, a `javascript:` link and a remote image), through the real API. The Markdown file shows them
 * as typed in a viewer that passes raw HTML through; the standalone HTML file fetches nothing.
 */
import MarkdownIt from 'markdown-it';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser } from '../helpers/auth.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

const DOC = '/api/v1/documenten/digitale-stad';
const AM = `${DOC}/amendementen`;
const P4 = '04-open-en-gedeelde-data.md';
const SCRIPT = '<script>alert(1)</script>';
const JS = '[klik](javascript:alert(1))';
const PIXEL = 'https://tracker.example/pixel.png';

let t: TestApp;
const bearer = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });

function download(formaat: string): Promise<string> {
  return request(t.app)
    .get(`${DOC}/versies/1.1/vaststellingsstuk?formaat=${formaat}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200)
    .then((res) => (res.body as Buffer).toString('utf8'));
}

beforeAll(async () => {
  t = await makeTestApp();
  const secretaris = await makeUser(t, 'secretaris', null, `Sanne ${SCRIPT}`);
  const werkgroep = await makeUser(t, 'werkgroeplid', null, 'Wim Werkgroep');
  const anna = await makeUser(t, 'vertegenwoordiger', 'GM0363', `Anna ${JS}`);
  const draft = await request(t.app).get(`${DOC}/versies/concept`).expect(200);
  const p4 = (draft.body.principes as { bestand: string; tekst: string }[]).find((p) => p.bestand === P4)?.tekst ?? '';
  const tekst = `${p4.replace(/\n+$/, '')}\nZie ${JS} en <img src=x onerror=alert(1)> en ![logo](${PIXEL}).\n`;
  const proposed = await request(t.app).post(AM).set(bearer(anna)).send({ titel: `Titel ${SCRIPT} ${JS}`, toelichting: 'x', principes: [{ bestand: P4, tekst }] });
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  await request(t.app).post(`${AM}/${proposed.body.nummer}/beoordelingen`).set(bearer(werkgroep)).send({ oordeel: 'akkoord', toelichting: 'Akkoord.' }).expect(201);
  await request(t.app).post(`${AM}/${proposed.body.nummer}/besluit`).set(bearer(secretaris)).send({ besluit: 'overnemen', reden: `Reden ${JS}`, verwachteRevisie: proposed.body.revisie }).expect(200);
  await request(t.app).post(`${DOC}/versies`).set(bearer(secretaris)).send({ naam: '1.1', toelichting: 'x' }).expect(201);
  await request(t.app).post(`${DOC}/versies/1.1/agendering`).set(bearer(secretaris)).send({ alvDatum: '2026-06-12' }).expect(200);
  await request(t.app).put(`${DOC}/versies/1.1/besluittekst`).set(bearer(secretaris)).send({ tekst: `Besluit ${SCRIPT}\n\n# Kop ${JS}` }).expect(200);
  await request(t.app).post(`${DOC}/versies/1.1/vaststelling`).set(bearer(secretaris)).send({ datum: '2026-06-12', uitkomst: 'verworpen', percentages: { voor: 10, tegen: 90, onthouding: 0 }, kenmerk: `](javascript:alert(1)) ${SCRIPT}` }).expect(201);
});
afterAll(() => t.cleanup());

describe('user text in the adoption document', () => {
  it('Markdown: nothing a user typed becomes HTML, a link or an image, even where raw HTML is allowed; it reads as typed', async () => {
    const md = await download('md');
    const rendered = new MarkdownIt({ html: true, linkify: true }).render(md);
    expect(rendered).not.toMatch(/<(script|img)[\s>]/i);
    expect(rendered).not.toMatch(/href="javascript:/i);
    expect(rendered).not.toMatch(/<h1>Kop/);
    const text = rendered.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    for (const typed of [`Besluit ${SCRIPT}`, `# Kop ${JS}`, `](javascript:alert(1)) ${SCRIPT}`, `Titel ${SCRIPT} ${JS}`, `Reden ${JS}`, `Anna ${JS} (Amsterdam)`]) {
      expect(text, typed).toContain(typed);
    }
    // The image is a link to it, in the text and in the redline.
    expect(rendered).toContain(`<a href="${PIXEL}">[afbeelding: logo]</a>`);
  });

  it('HTML: no element loads anything, and the file carries its own policy that forbids it', async () => {
    const html = await download('html');
    expect(html).not.toMatch(/<(img|script|iframe|link|object|embed)\b/i);
    expect(html).not.toMatch(/<[^>]*\bsrc=/i);
    expect(html).toContain(`<a href="${PIXEL}">[afbeelding: logo]</a>`);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
  });
});
