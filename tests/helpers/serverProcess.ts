/** Starts the real service (`src/server.ts` through tsx) as a child process on a free port. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';

export interface RunningServer {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The tests decide about the bootstrap administrator themselves. */
function withoutBootstrap(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { BOOTSTRAP_ADMIN_EMAIL: _e, BOOTSTRAP_ADMIN_PASSWORD: _p, ...rest } = env;
  return rest;
}

/**
 * The server runs in one process, node with tsx as its loader (`node --import tsx`), not under the `tsx`
 * command: that command runs the server as its own child and relays a signal only if the child confirms
 * it within 30 ms, else it SIGKILLs the child and exits 143. On a busy machine that race made a clean
 * SIGTERM stop look like a crash. With one process, the signal reaches the server's own handler.
 */
const SERVER_ARGS = ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'server.ts')];

export function startServer(env: Record<string, string>): Promise<RunningServer> {
  const child = spawn(process.execPath, SERVER_ARGS, {
    cwd: PROJECT_ROOT,
    env: { ...withoutBootstrap(process.env), PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      // Ended by a signal it did not handle: say which, with the output, so a failed stop can be read.
      if (code === null) process.stderr.write(`server ended by ${signal ?? 'an unknown signal'}; its output:\n${out}\n`);
      resolve(code);
    }),
  );
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/localhost:\d+)/.exec(out);
      if (m?.[1]) {
        resolve({
          child,
          baseUrl: m[1].replace('localhost', '127.0.0.1'),
          output: () => out,
          stop: async (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
}

/**
 * Runs the server and waits for it to exit (for starts that must fail). A start that succeeds after all
 * (it prints "listening on") is stopped with SIGTERM, so a failing
 * test never leaves a server running; its exit code is then that of the clean stop.
 */
export function runServerToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, SERVER_ARGS, {
    cwd: PROJECT_ROOT,
    env: { ...withoutBootstrap(process.env), PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const onData = (c: Buffer) => {
    out += c.toString();
    if (/listening on http/.test(out)) child.kill('SIGTERM');
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output: out })));
}

/**
 * The pid of the server that holds a data folder: `npm start` runs tsx, which runs the server as its own
 * child, so a SIGKILL must go to the pid the server wrote into the folder's lock file.
 */
export function serverPidOf(dataDir: string): number {
  const pid = Number.parseInt(fs.readFileSync(path.join(dataDir, '.lock'), 'utf8').trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error('no pid in the lock file');
  return pid;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** After a test: end exactly the server of this data folder if one still runs (a failed check), then remove the folder. */
export function killServerAndRemove(dataDir: string): void {
  try {
    const pid = serverPidOf(dataDir);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  } catch {
    // no lock file: nothing runs
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}
