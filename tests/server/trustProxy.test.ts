/**
 * TRUST_PROXY trusts exactly the configured proxies: with `1` (one proxy in front) the client address
 * is the right-most X-Forwarded-For entry, the one that proxy appended, so addresses a client forges
 * in the left part do not change whose per-address sign-in limit counts. Tested with the real server
 * process behind a real (minimal) reverse proxy, and in-process over real sockets for the other forms.
 */
import fs from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseTrustProxy, type TrustProxy } from '../../src/config.js';
import { addressKey } from '../../src/domain/rateLimiter.js';
import { startServer, type RunningServer } from '../helpers/serverProcess.js';
import { makeTestApp, tempDir, type TestApp } from '../helpers/testApp.js';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** A reverse proxy as nginx's `proxy_add_x_forwarded_for` does it: appends the peer's address. */
function reverseProxy(upstream: string): Server {
  const target = new URL(upstream);
  return http.createServer((req, res) => {
    const peer = req.socket.remoteAddress ?? '';
    const forwarded = req.headers['x-forwarded-for'];
    const headers = { ...req.headers, 'x-forwarded-for': forwarded ? `${String(forwarded)}, ${peer}` : peer };
    const out = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
}

/** `n` failed sign-ins for different unknown accounts, each with another forged left-most address. */
async function forgedSignIns(baseUrl: string, forwardedFor: (i: number) => string, n = 24): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const statuses: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const body = JSON.stringify({ email: `onbekend-${i}@example.org`, wachtwoord: 'fout-wachtwoord-123' });
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          `${baseUrl}/api/v1/tokens`,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': forwardedFor(i) } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      statuses.push(status);
    }
  } finally {
    agent.destroy();
  }
  return statuses;
}

// Each evaluated attempt costs a password check (~0.1 s): a few past the limit of 20 show it.
const twentyThenLimited = [...Array<number>(20).fill(401), ...Array<number>(4).fill(429)];

describe('TRUST_PROXY=1 with the real server behind one reverse proxy', () => {
  const dataDir = tempDir('principes-proxy-');
  let server: RunningServer;
  let proxy: Server;
  let proxyUrl: string;
  beforeAll(async () => {
    server = await startServer({ DATA_DIR: dataDir, TRUST_PROXY: '1' });
    proxy = reverseProxy(server.baseUrl);
    proxyUrl = await listen(proxy);
  });
  afterAll(async () => {
    await close(proxy);
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('forged X-Forwarded-For entries do not escape the per-address limit: 20 evaluated, then 429', { timeout: 60_000 }, async () => {
    const statuses = await forgedSignIns(proxyUrl, (i) => `203.0.113.${i + 1}`);
    expect(statuses).toEqual(twentyThenLimited);
  });
});

describe('TRUST_PROXY: hop count or addresses, in-process over real sockets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.cleanup());

  async function run(trustProxy: TrustProxy, forwardedFor: (i: number) => string): Promise<number[]> {
    // A fresh app per run: its own, empty limiter.
    const server = http.createServer(createApp({ stores: t.stores, trustProxy }));
    const url = await listen(server);
    try {
      return await forgedSignIns(url, forwardedFor);
    } finally {
      await close(server);
    }
  }

  it('two hops: the client is the second entry from the right, whatever a client put before it', { timeout: 60_000 }, async () => {
    expect(await run(2, (i) => `203.0.113.${i + 1}, 198.51.100.7, 10.0.0.1`)).toEqual(twentyThenLimited);
  });

  it('addresses: the client is the right-most entry that is not a configured proxy', { timeout: 90_000 }, async () => {
    expect(await run(parseTrustProxy('loopback, 10.0.0.1'), (i) => `203.0.113.${i + 1}, 198.51.100.7, 10.0.0.1`)).toEqual(twentyThenLimited);
    // A trusted chain is followed further: each attempt then comes from another client (its own limit).
    expect(await run(parseTrustProxy('loopback, 10.0.0.1, 198.51.100.7'), (i) => `203.0.113.${i + 1}, 198.51.100.7, 10.0.0.1`)).toEqual(Array<number>(24).fill(401));
  });

  it('without TRUST_PROXY the header is ignored: the socket peer is the client', { timeout: 60_000 }, async () => {
    expect(await run(false, (i) => `203.0.113.${i + 1}`)).toEqual(twentyThenLimited);
  });

  it('IPv6 clients are limited per /64', { timeout: 60_000 }, async () => {
    expect(await run(1, (i) => `2001:db8:1:2::${(i + 1).toString(16)}`)).toEqual(twentyThenLimited);
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
  });
});

describe('TRUST_PROXY parsing', () => {
  it('off, a hop count, or addresses and subnets; never "trust all"', () => {
    for (const off of [undefined, '', '0', 'false']) expect(parseTrustProxy(off)).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('loopback, 10.0.0.1 ,192.168.0.0/16, fd00::/8')).toEqual(['loopback', '10.0.0.1', '192.168.0.0/16', 'fd00::/8']);
    expect(() => parseTrustProxy('true')).toThrow(/TRUST_PROXY=true would trust every X-Forwarded-For entry/);
    for (const bad of ['10.0.0.300', 'proxy.example.org', '10.0.0.0/33', '1.2.3.4/8/1', '99']) expect(() => parseTrustProxy(bad)).toThrow(/TRUST_PROXY/);
  });
});
