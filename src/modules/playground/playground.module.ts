import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromCode } from '../../common/errors/normalise-error';
import { sendProblem } from '../../common/errors/problem-details';

interface Asset {
  file: string;
  type: string;
}

/** Resolves a file inside an installed package (works from src and from dist). */
const fromPackage = (pkg: string, file: string): string =>
  path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

// public/playground at the project's root (same depth from src/ and dist/).
const PUBLIC_DIR = path.resolve(__dirname, '..', '..', '..', 'public', 'playground');

const ASSETS: Record<string, Asset> = {
  'graphiql.min.js': {
    file: fromPackage('graphiql', 'graphiql.min.js'),
    type: 'application/javascript; charset=utf-8',
  },
  'graphiql.min.css': {
    file: fromPackage('graphiql', 'graphiql.min.css'),
    type: 'text/css; charset=utf-8',
  },
  'react.production.min.js': {
    file: fromPackage('react', 'umd/react.production.min.js'),
    type: 'application/javascript; charset=utf-8',
  },
  'react-dom.production.min.js': {
    file: fromPackage('react-dom', 'umd/react-dom.production.min.js'),
    type: 'application/javascript; charset=utf-8',
  },
  'playground.js': {
    file: path.join(PUBLIC_DIR, 'playground.js'),
    type: 'application/javascript; charset=utf-8',
  },
  'playground.css': {
    file: path.join(PUBLIC_DIR, 'playground.css'),
    type: 'text/css; charset=utf-8',
  },
};
const INDEX = path.join(PUBLIC_DIR, 'index.html');

export const PLAYGROUND_PATH = '/playground';

/** A browser asking GET /graphql for a page gets the playground; API clients get GraphQL. */
export function wantsPlayground(req: FastifyRequest): boolean {
  const url = req.url.split('?');
  return (
    req.method === 'GET' &&
    url[0] === '/graphql' &&
    !/(^|&)query=/.test(url[1] ?? '') &&
    String(req.headers.accept ?? '').includes('text/html')
  );
}

/**
 * GraphiQL served offline: its scripts and styles come from installed packages through the
 * service itself, never from a CDN (internal portals often run air-gapped).
 */
@Module({})
export class PlaygroundModule implements OnModuleInit {
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Synchronous: it runs on every request, and an async hook costs a promise and a tick.
    app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
      if (!wantsPlayground(req)) {
        done();
        return;
      }
      // Answered here: the remaining hooks and the route do not run.
      void reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(this.read(INDEX));
    });
    app.get(
      `${PLAYGROUND_PATH}/:asset`,
      async (req: FastifyRequest<{ Params: { asset: string } }>, reply) => {
        const asset = ASSETS[req.params.asset];
        if (!asset) {
          sendProblem(reply, req, fromCode('NOT_FOUND', 'No such playground asset.'));
          return reply;
        }
        return reply
          .header('content-type', asset.type)
          .header('cache-control', 'public, max-age=3600')
          .send(this.read(asset.file));
      },
    );
  }

  private read(file: string): Buffer {
    let body = this.cache.get(file);
    if (!body) {
      body = readFileSync(file);
      this.cache.set(file, body);
    }
    return body;
  }
}
