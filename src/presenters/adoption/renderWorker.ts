/** The worker thread of renderOffThread.ts: renders what it is sent, one message at a time, and sends the bytes back. */
import { parentPort } from 'node:worker_threads';
import { renderAdoptionFile } from './adoptionFile.js';
import type { RenderReply, RenderRequest } from './renderOffThread.js';

const port = parentPort;
if (port === null) throw new Error('renderWorker.ts runs as a worker thread only');

let queue: Promise<void> = Promise.resolve();
port.on('message', (m: RenderRequest) => {
  queue = queue.then(async () => {
    let reply: RenderReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const file = await renderAdoptionFile(m.doc, m.format);
      const body = new ArrayBuffer(file.body.length);
      new Uint8Array(body).set(file.body);
      reply = { id: m.id, name: file.name, body };
      transfer = [body];
    } catch (e) {
      reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply, transfer);
  });
});
