import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runServerToExit, startServer } from '../helpers/serverProcess.js';
import { tempDir } from '../helpers/testApp.js';

const dataDir = tempDir('principes-startup-');
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function git(args: string[], cwd?: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the service as started by npm start', () => {
  it('imports the seed on first start, refuses a second instance, and changes nothing on restart', async () => {
    const first = await startServer({ DATA_DIR: dataDir });
    let refsBefore: string;
    try {
      const res = await fetch(`${first.baseUrl}/api/v1/documenten/digitale-stad/versies/1.0`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { principes: { titel: string }[] };
      expect(body.principes).toHaveLength(4);

      // No BOOTSTRAP_ADMIN_* set: the administrator beheerder@localhost gets a generated password, printed once.
      const m = /Created the administrator beheerder@localhost with the generated password: (\S+)/.exec(first.output());
      expect(m?.[1]).toMatch(/^[A-Za-z0-9]{24}$/);
      const signIn = await fetch(`${first.baseUrl}/api/v1/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'beheerder@localhost', wachtwoord: m?.[1] }),
      });
      expect(signIn.status).toBe(201);

      const second = await runServerToExit({ DATA_DIR: dataDir });
      expect(second.code).not.toBe(0);
      expect(second.output).toContain('is in use by another process');

      const repoDir = path.join(dataDir, 'documents', 'digitale-stad.git');
      refsBefore = git(['for-each-ref', '--format=%(refname) %(objectname)'], repoDir);
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }
    expect(fs.existsSync(path.join(dataDir, '.lock'))).toBe(false);

    const again = await startServer({ DATA_DIR: dataDir });
    try {
      expect(again.output()).not.toContain('Imported document');
      expect(again.output()).not.toContain('generated password');
      const repoDir = path.join(dataDir, 'documents', 'digitale-stad.git');
      expect(git(['for-each-ref', '--format=%(refname) %(objectname)'], repoDir)).toBe(refsBefore);
    } finally {
      await again.stop();
    }
  });

  it('the repository is a real git repository: clone shows the four files and the tag, fsck is clean', () => {
    const repoDir = path.join(dataDir, 'documents', 'digitale-stad.git');
    git(['fsck', '--strict', '--no-dangling'], repoDir);
    const clone = tempDir('principes-clone-');
    try {
      git(['clone', '--quiet', repoDir, clone]);
      const files = fs.readdirSync(clone).filter((f) => f !== '.git').sort();
      expect(files).toEqual([
        '01-infrastructuur-voor-iedereen.md',
        '02-samen-producent-en-consument.md',
        '03-open-en-bekende-technologie.md',
        '04-open-en-gedeelde-data.md',
        'document.yml',
      ]);
      expect(git(['tag', '--list'], clone).trim()).toBe('v1.0');
      expect(git(['cat-file', '-t', 'v1.0'], clone).trim()).toBe('tag');
      expect(git(['tag', '-l', '--format=%(contents)', 'v1.0'], clone)).toContain('Ledenbrief VNG');
      expect(git(['log', '--format=%an', 'main'], clone).trim()).toBe('Gemeente Eindhoven en Gemeente Amsterdam');
      // Word for word from the letter, one sentence per line.
      const p3 = fs.readFileSync(path.join(clone, '03-open-en-bekende-technologie.md'), 'utf8');
      expect(p3.split('\n')).toContain('Deze zijn leidend.');
      const seed = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'principles', 'digitale-stad', '03-open-en-bekende-technologie.md'), 'utf8');
      expect(p3).toBe(seed);
    } finally {
      fs.rmSync(clone, { recursive: true, force: true });
    }
  });
});
