import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * A write timeout for slow readers: from the moment a response starts being written, a connection
 * on which nothing can be written (or read) for `ms` milliseconds is closed, and the response
 * buffered for it is freed. A client that never reads its answer otherwise holds that answer in
 * the process' memory for as long as it keeps the connection open.
 *
 * This is Node's socket inactivity timeout (`response.setTimeout`), armed only while the response
 * is written: time spent computing the answer does not count, and a reader that keeps taking
 * bytes is never cut. Node resets the socket's timeout to keepAliveTimeout once the response is
 * finished, so idle keep-alive connections follow their own rule.
 */
export function installWriteTimeout(fastify: FastifyInstance, ms: number): void {
  if (ms <= 0) return;
  fastify.addHook(
    'onSend',
    (req: FastifyRequest, reply: FastifyReply, payload: unknown, done: () => void) => {
      const res = reply.raw;
      const socket = res.socket;
      // fastify.inject has no real socket; an upgraded or destroyed one needs nothing.
      if (socket && typeof socket.setTimeout === 'function' && !socket.destroyed) {
        res.setTimeout(ms, () => {
          req.log.warn(
            { writeTimeoutMs: ms, pendingBytes: socket.writableLength },
            'client did not read the response: connection closed (WRITE_TIMEOUT_MS)',
          );
          socket.destroy();
        });
      }
      done();
    },
  );
}
