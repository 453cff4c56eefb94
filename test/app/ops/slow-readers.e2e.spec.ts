// Small requests, bounded answers (issue 11, item 2, REST and transport): a client that never
// reads its answer is disconnected after WRITE_TIMEOUT_MS and the answer buffered for it is freed;
// a REST analysis whose answer would exceed MAX_RESPONSE_BYTES is refused with 413 naming the
// limit, and the pictures (the heavy part) come only with pictures=true.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import net from 'node:net';
import type { AppConfig } from '../../../src/config/config';
import { APP_CONFIG, loadConfig } from '../../../src/config/config';
import { bootApp } from '../../support/app';

/** Many tiny pods: a small manifest whose report (with its pictures) is megabytes. */
const tinyPods = (n: number): string =>
  Array.from(
    { length: n },
    (_, i) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\nspec:\n  containers:\n  - name: app\n    image: nginx\n`,
  ).join('---\n');

describe('clients that never read their answer', () => {
  const WRITE_TIMEOUT_MS = 1500;
  let app: NestFastifyApplication;
  let port: number;
  const serverSockets = new Set<net.Socket>();

  beforeAll(async () => {
    expect(loadConfig({}).writeTimeoutMs).toBe(30_000);
    app = await bootApp({
      writeTimeoutMs: WRITE_TIMEOUT_MS,
      // Room for the whole answer, so that only the write timeout can end these connections.
      maxResponseBytes: 64 * 1024 * 1024,
      // Analyses in the worker pool, as in production, so the event loop keeps time; no shedding
      // of the second and third request.
      workerThreads: 2,
      workerThresholdBytes: 0,
      shedEventLoopDelayMs: 0,
      shedHeapUsedBytes: 0,
    });
    (app.getHttpServer() as Server).on('connection', (s: net.Socket) => serverSockets.add(s));
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(() => app.close());

  /** Sends a request and never reads: the socket is paused, so the kernel's window fills. */
  function nonReadingClient(body: string): net.Socket {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.pause();
      socket.write(
        `POST /v1/analyze?pictures=true HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/yaml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
    socket.on('error', () => undefined);
    return socket;
  }

  it('are disconnected within WRITE_TIMEOUT_MS of their answer stalling, and what was buffered for them is freed', async () => {
    const manifest = tinyPods(500);
    const firstBlocked = new Map<net.Socket, number>();
    const closedAt = new Map<net.Socket, number>();
    let peakPending = 0;
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    // A paused client does not notice the server closing its connection: watch the server's side.
    const clients = [1, 2, 3].map(() => nonReadingClient(manifest));
    const deadline = Date.now() + 90_000;
    try {
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        let pending = 0;
        for (const s of serverSockets) {
          if (s.destroyed) {
            if (!closedAt.has(s)) closedAt.set(s, Date.now());
            continue;
          }
          pending += s.writableLength;
          if (s.writableLength > 0 && !firstBlocked.has(s)) firstBlocked.set(s, Date.now());
        }
        peakPending = Math.max(peakPending, pending);
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        if (serverSockets.size === 3 && closedAt.size === 3) break;
      }
    } finally {
      for (const c of clients) c.destroy();
    }
    // The answers really stalled in this process (megabytes each), so the timeout is what ended them.
    expect(firstBlocked.size).toBe(3);
    expect(closedAt.size).toBe(3);
    expect(peakPending).toBeGreaterThan(3 * 1024 * 1024);
    const stalls = [...firstBlocked].map(
      ([socket, blockedAt]) => closedAt.get(socket)! - blockedAt,
    );
    for (const stalledFor of stalls) {
      // Node's inactivity timer restarts while the kernel still takes bytes: allow for that.
      expect(stalledFor).toBeGreaterThanOrEqual(WRITE_TIMEOUT_MS - 100);
      expect(stalledFor).toBeLessThan(WRITE_TIMEOUT_MS + 8000);
    }
    console.log(
      `3 non-reading clients of a 6.4 MB answer: ${(peakPending / 1e6).toFixed(1)} MB buffered at the peak, closed ${stalls.join(', ')} ms after stalling (WRITE_TIMEOUT_MS=${WRITE_TIMEOUT_MS}), 0 bytes held after; RSS ${(rssBefore / 1e6).toFixed(0)} MB before, ${(rssPeak / 1e6).toFixed(0)} MB peak, ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB after`,
    );
  }, 120_000);

  it('a client that reads gets the whole answer', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/v1/analyze?pictures=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: tinyPods(300),
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { workloads: { lifecycle: { svg: string } }[] };
    expect(report.workloads).toHaveLength(300);
    expect(report.workloads[0]!.lifecycle.svg).toMatch(/^<svg/);
  }, 60_000);
});

describe('REST analysis answers are bounded (MAX_RESPONSE_BYTES)', () => {
  let app: NestFastifyApplication;
  const manifest = tinyPods(500);
  beforeAll(async () => {
    expect(loadConfig({}).maxResponseBytes).toBe(4 * 1024 * 1024);
    // Several large analyses in a row on the event loop: no load shedding in between.
    app = await bootApp({ shedEventLoopDelayMs: 0, shedHeapUsedBytes: 0 });
  });
  afterAll(() => app.close());

  const analyze = (query = '') =>
    app.inject({
      method: 'POST',
      url: `/v1/analyze${query}`,
      headers: { 'content-type': 'application/yaml' },
      payload: manifest,
    });

  it('a 50 KB manifest of 500 tiny pods with pictures=true gets 413 naming the limit instead of a 6 MB body', async () => {
    expect(Buffer.byteLength(manifest)).toBeLessThan(64 * 1024);
    const res = await analyze('?pictures=true');
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', retryable: false });
    expect(res.json().detail).toMatch(/MAX_RESPONSE_BYTES/);
    expect(res.json().detail).toMatch(/4194304 bytes/);
    expect(res.json().detail).toMatch(/without pictures=true/);
    expect(res.body.length).toBeLessThan(2000);
  }, 60_000);

  it.each(['', '?pictures=false'])(
    '%s answers it within the limit, without the pictures',
    async (query) => {
      const res = await analyze(query);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Buffer.byteLength(res.body)).toBeLessThan(4 * 1024 * 1024);
      const report = res.json() as { workloads: { lifecycle: Record<string, unknown> }[] };
      expect(report.workloads).toHaveLength(500);
      for (const field of ['svg', 'mermaid', 'mermaidTermination']) {
        expect(report.workloads[0]!.lifecycle).not.toHaveProperty(field);
      }
      expect(report.workloads[0]!.lifecycle).toHaveProperty('startup');
      console.log(
        `500 tiny pods (${manifest.length} bytes): 413 with pictures, ${res.body.length} bytes without (${query || 'by default'})`,
      );
    },
    60_000,
  );

  it('the limit is exact: an answer of exactly MAX_RESPONSE_BYTES is sent, one byte over is refused', async () => {
    const config = app.get<AppConfig>(APP_CONFIG);
    const ask = () =>
      app.inject({
        method: 'POST',
        url: '/v1/analyze',
        headers: { 'content-type': 'application/yaml' },
        payload: tinyPods(40),
      });
    const full = await ask();
    expect(full.statusCode).toBe(200);
    const size = Buffer.byteLength(full.body);
    const before = config.maxResponseBytes;
    try {
      config.maxResponseBytes = size;
      const exact = await ask();
      expect(exact.statusCode).toBe(200);
      expect(exact.body).toBe(full.body);
      config.maxResponseBytes = size - 1;
      const over = await ask();
      expect(over.statusCode).toBe(413);
      expect(over.json().detail).toContain(`${size - 1} bytes`);
    } finally {
      config.maxResponseBytes = before;
    }
  });

  it('a small manifest has its pictures with pictures=true; pictures accepts only true or false', async () => {
    const small = await app.inject({
      method: 'POST',
      url: '/v1/analyze?pictures=true',
      headers: { 'content-type': 'application/yaml' },
      payload: tinyPods(1),
    });
    expect(small.statusCode).toBe(200);
    expect(small.json().workloads[0].lifecycle.svg).toMatch(/^<svg/);
    const bad = await analyze('?pictures=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().causes).toEqual([{ field: 'pictures', message: 'must be true or false' }]);
  });
});
