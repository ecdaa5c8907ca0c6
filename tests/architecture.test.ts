/**
 * The directions of the layers (README, "What is where"), checked on the source text so that a new file
 * cannot quietly break them:
 * - a route translates: it imports nothing from src/storage but types, never reads a store
 *   (`stores.<part>`, a repository's methods, git, lowdb or the file system) and never calls
 *   `authorize` (commands and the queries of private data do; routes only call `can`);
 * - no module in src/queries or src/presenters imports from src/commands (reads never depend on writes);
 * - no web route imports an API route;
 * - no route calls a command meant for the service itself (start-up, seeding, repairs, `...AsSystem`);
 * - audit entries come only from the catalogue (src/domain/auditEvents.ts);
 * - a record's status is set only by its transition function in src/domain (`...State.ts`).
 *
 * EXCEPTIONS was the to-do list of files still breaking a rule while issue 12 converted them; every
 * area now has the shape and it is empty. Never add to it: fix the file instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';

const SRC = path.join(PROJECT_ROOT, 'src');

type Rule = 'route-storage' | 'route-reads-store' | 'route-authorize' | 'read-imports-command' | 'web-imports-api' | 'status-by-hand';

/** Files allowed to break a rule, each with the rules it breaks: none. */
const EXCEPTIONS: Readonly<Record<string, readonly Rule[]>> = {};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts)$/.test(e.name) ? [full] : [];
  });
}

const FILES = sourceFiles(SRC).map((full) => ({ rel: path.relative(SRC, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') }));

/** The code without comments, so a comment that names a rule does not break it. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** The code without comments and import statements (whose module paths name `stores.js` and the like). */
function body(text: string): string {
  return code(text).replace(/^\s*(import|export)\b[^;]*?from\s+'[^']+';?$/gm, '');
}

interface Import {
  /** The imported module as a path relative to src (for relative imports), else the package name. */
  target: string;
  typeOnly: boolean;
}

function importsOf(rel: string, text: string): Import[] {
  const out: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm;
  for (const m of code(text).matchAll(re)) {
    const spec = m[3] ?? m[4] ?? '';
    const target = spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec)) : spec;
    out.push({ target, typeOnly: m[2] !== undefined });
  }
  return out;
}

function violations(rule: Rule, check: (file: { rel: string; text: string }) => boolean): string[] {
  return FILES.filter((f) => check(f) && !(EXCEPTIONS[f.rel] ?? []).includes(rule)).map((f) => f.rel);
}

const isRoute = (rel: string) => rel.startsWith('routes/');

describe('layers', () => {
  it('no route imports from src/storage other than types', () => {
    expect(violations('route-storage', (f) => isRoute(f.rel) && importsOf(f.rel, f.text).some((i) => i.target.startsWith('storage/') && !i.typeOnly))).toEqual([]);
  });

  it('no route reads a store, git, lowdb or a file itself', () => {
    const reads = (f: { rel: string; text: string }) => {
      const c = body(f.text);
      return (
        /\bstores\s*\.\s*[a-zA-Z]/.test(c) ||
        /\brepo(sitory)?\s*\.\s*(?!slug\b)[a-zA-Z]+\s*\(/.test(c) ||
        importsOf(f.rel, f.text).some((i) => ['isomorphic-git', 'lowdb', 'node:fs', 'fs', 'node:fs/promises'].includes(i.target))
      );
    };
    expect(violations('route-reads-store', (f) => isRoute(f.rel) && reads(f))).toEqual([]);
  });

  it('no route calls authorize (commands and the queries of private data do)', () => {
    expect(violations('route-authorize', (f) => isRoute(f.rel) && /\bauthorize\w*\s*\(/.test(code(f.text)))).toEqual([]);
  });

  it('no query or presenter imports a command', () => {
    const reads = (rel: string) => rel.startsWith('queries/') || rel.startsWith('presenters/');
    expect(violations('read-imports-command', (f) => reads(f.rel) && importsOf(f.rel, f.text).some((i) => i.target.startsWith('commands/')))).toEqual([]);
  });

  it('no web route imports an API route', () => {
    expect(violations('web-imports-api', (f) => f.rel.startsWith('routes/web/') && importsOf(f.rel, f.text).some((i) => i.target.startsWith('routes/api/')))).toEqual([]);
  });

  it('no route calls a command meant for the service itself (the start-up, seeding, repairs, `...AsSystem`)', () => {
    const systemOnly = (f: { rel: string; text: string }) =>
      /\b\w+AsSystem\b/.test(body(f.text)) ||
      importsOf(f.rel, f.text).some((i) => i.target.startsWith('commands/setup/') || /^commands\/\w+\/(seed|reconcile|bootstrap|import)\w*\.js$/.test(i.target));
    expect(FILES.filter((f) => isRoute(f.rel) && systemOnly(f)).map((f) => f.rel)).toEqual([]);
  });

  it('audit entries come only from the catalogue', () => {
    const handMade = FILES.filter((f) => f.rel !== 'domain/auditEvents.ts' && /\baudit\s*\.\s*append\s*\(\s*\{/.test(code(f.text)));
    expect(handMade.map((f) => f.rel)).toEqual([]);
  });

  it('a record status is set only by the transition function of its kind', () => {
    // Object literals and assignments that give an amendment or endorsement its status.
    const setsStatus = /\bstatus\s*:\s*'(actief|ingetrokken|ingediend|overgenomen|verworpen)'|\.status\s*=[^=]/;
    const isStateModule = (rel: string) => /^domain\/\w+State\.ts$/.test(rel);
    expect(violations('status-by-hand', (f) => !isStateModule(f.rel) && setsStatus.test(code(f.text)))).toEqual([]);
  });

  it('the exceptions are still needed (an entry that no longer breaks its rule is removed)', () => {
    const stillBroken: Record<Rule, (f: { rel: string; text: string }) => boolean> = {
      'route-storage': (f) => importsOf(f.rel, f.text).some((i) => i.target.startsWith('storage/') && !i.typeOnly),
      'route-reads-store': (f) => /\bstores\s*\.\s*[a-zA-Z]/.test(body(f.text)) || /\brepo\s*\.\s*(?!slug\b)[a-zA-Z]+\s*\(/.test(body(f.text)),
      'route-authorize': (f) => /\bauthorize\w*\s*\(/.test(code(f.text)),
      'read-imports-command': (f) => importsOf(f.rel, f.text).some((i) => i.target.startsWith('commands/')),
      'web-imports-api': (f) => importsOf(f.rel, f.text).some((i) => i.target.startsWith('routes/api/')),
      'status-by-hand': (f) => /\bstatus\s*:\s*'(actief|ingetrokken|ingediend|overgenomen|verworpen)'|\.status\s*=[^=]/.test(code(f.text)),
    };
    const stale = Object.entries(EXCEPTIONS).flatMap(([rel, rules]) => {
      const file = FILES.find((f) => f.rel === rel);
      return rules.filter((rule) => file === undefined || !stillBroken[rule](file)).map((rule) => `${rel}: ${rule}`);
    });
    expect(stale).toEqual([]);
  });

  it('no text of the project points to a file outside the repository (DESIGN.md lives with the product owner, not here)', () => {
    const roots = ['src', 'tests', 'bench', 'scripts', 'docs', 'views'].map((d) => path.join(PROJECT_ROOT, d));
    const all = (dir: string): string[] =>
      fs.existsSync(dir)
        ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'fixtures' ? [] : all(path.join(dir, e.name))) : [path.join(dir, e.name)]))
        : [];
    const self = path.join(PROJECT_ROOT, 'tests', 'architecture.test.ts');
    const files = [...roots.flatMap(all), path.join(PROJECT_ROOT, 'README.md')].filter((f) => f !== self && /\.(ts|mts|mjs|js|md|ejs|css)$/.test(f));
    const pointing = files.filter((f) => /DESIGN\.md/.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(PROJECT_ROOT, f));
    expect(pointing).toEqual([]);
  });
});
