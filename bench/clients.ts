/**
 * The two kinds of client the benchmark times, both from the same (small) process:
 * - HTTP requests (GET, and POST for the endorsement writes) over loopback with a keep-alive agent (one
 *   socket), timed from sending until the last body byte;
 * - a git CLI process, timed from spawn until it has exited and all its output is read.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { now } from './stats.js';

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly port: number) {}

  /** One request; timed from sending it until the last body byte is in. */
  request(method: string, pathAndQuery: string, opts: { headers?: http.OutgoingHttpHeaders; body?: string } = {}): Promise<HttpResult> {
    return new Promise((resolve, reject) => {
      const t = now();
      const headers: http.OutgoingHttpHeaders = { ...opts.headers };
      if (opts.body !== undefined) headers['Content-Length'] = Buffer.byteLength(opts.body);
      const req = http.request({ method, host: '127.0.0.1', port: this.port, path: pathAndQuery, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: now() - t }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(opts.body);
    });
  }

  get(pathAndQuery: string, headers?: http.OutgoingHttpHeaders): Promise<HttpResult> {
    return this.request('GET', pathAndQuery, headers === undefined ? {} : { headers });
  }

  /** POST of a JSON body. */
  postJson(pathAndQuery: string, body: unknown, headers: http.OutgoingHttpHeaders = {}): Promise<HttpResult> {
    return this.request('POST', pathAndQuery, { headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  }

  /** GET that must answer 200; returns the time. */
  async timed(pathAndQuery: string): Promise<number> {
    const r = await this.get(pathAndQuery);
    if (r.status !== 200) throw new Error(`GET ${pathAndQuery}: HTTP ${r.status}: ${r.body.toString('utf8').slice(0, 300)}`);
    return r.ms;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface GitResult {
  code: number;
  stdout: Buffer;
  ms: number;
}

/**
 * Runs `git <args>` (optionally feeding `stdin`), resolves when it has exited and its output is read.
 * `okCodes`: exit codes that are not an error (`git diff --no-index` exits 1 when the files differ).
 */
export function git(args: readonly string[], opts: { stdin?: string; okCodes?: readonly number[]; cwd?: string } = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const t = now();
    const child = spawn('git', args, {
      stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
      // A clean, predictable git: no pager, no user or system config (colour, diff drivers, ...).
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C', HOME: '/nonexistent' },
    });
    if (child.stdout === null || child.stderr === null) throw new Error('git: no output pipes');
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = now() - t;
      const okCodes = opts.okCodes ?? [0];
      if (code === null || !okCodes.includes(code)) {
        reject(new Error(`git ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 300)}`));
        return;
      }
      resolve({ code, stdout: Buffer.concat(out), ms });
    });
    if (opts.stdin !== undefined && child.stdin !== null) child.stdin.end(opts.stdin);
  });
}

/** Parses `git cat-file --batch` output: `<oid> <type> <size>\n<content>\n` per object. */
export function parseCatFileBatch(output: Buffer): { oid: string; type: string; content: Buffer }[] {
  const objects: { oid: string; type: string; content: Buffer }[] = [];
  let i = 0;
  while (i < output.length) {
    const nl = output.indexOf(0x0a, i);
    if (nl < 0) break;
    const [oid = '', type = '', size = ''] = output.subarray(i, nl).toString('latin1').split(' ');
    if (type === 'missing' || size === '') throw new Error(`git cat-file: ${output.subarray(i, nl).toString('latin1')}`);
    const start = nl + 1;
    const end = start + Number(size);
    objects.push({ oid, type, content: output.subarray(start, end) });
    i = end + 1;
  }
  return objects;
}
