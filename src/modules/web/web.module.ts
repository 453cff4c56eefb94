import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config';
import { DEFAULT_KUBERNETES_VERSION, MAX_SUPPORTED_MINOR, MIN_SUPPORTED_MINOR } from '../../engine';
import { fromCode } from '../../common/errors/normalise-error';
import { sendProblem } from '../../common/errors/problem-details';

// public/app at the project's root (same depth from src/ and dist/), written by scripts/build-web.js.
export const WEB_DIR = path.resolve(__dirname, '..', '..', '..', 'public', 'app');
export const WEB_ASSET_PREFIX = '/app/';

const TYPES: Record<string, string> = {
  'app.js': 'application/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'app.js.LEGAL.txt': 'text/plain; charset=utf-8',
};

// Everything the page loads comes from this service; it talks to nothing else.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>sidecar-lens</title>' +
  '<p>The web view is not built: run <code>npm run build:web</code> (npm ci and npm start do it).' +
  ' The API is at <a href="/graphql">/graphql</a> and <a href="/docs">/docs</a>.</p></html>';

/** The web view's page and assets need no API key (the page asks for one in apikey mode). */
export function isWebViewRoute(req: FastifyRequest): boolean {
  const p = req.url.split('?')[0] ?? '';
  return (
    (req.method === 'GET' || req.method === 'HEAD') && (p === '/' || p.startsWith(WEB_ASSET_PREFIX))
  );
}

/** What the page needs to know about this service: how it authenticates and which versions it knows. */
export function webViewConfig(config: AppConfig) {
  const versions: string[] = [];
  for (let m = MAX_SUPPORTED_MINOR; m >= MIN_SUPPORTED_MINOR; m--) versions.push(`1.${m}`);
  return {
    authMode: config.authMode,
    kubernetesVersions: versions,
    defaultKubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  };
}

/**
 * The web view at `/`: a page, a script and a stylesheet built from web/ (no CDN: it works
 * air-gapped), and /app/config.json. See docs/adr/0006-web-view.md.
 */
@Module({})
export class WebModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const page = (reply: FastifyReply) => {
      const file = path.join(WEB_DIR, 'index.html');
      if (!existsSync(file)) {
        return reply.code(503).header('content-type', 'text/html; charset=utf-8').send(NOT_BUILT);
      }
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .send(readFileSync(file));
    };
    app.get('/', (_req, reply) => page(reply));
    app.get(`${WEB_ASSET_PREFIX}config.json`, (_req, reply) =>
      reply.header('cache-control', 'no-cache').send(webViewConfig(this.config)),
    );
    app.get(
      `${WEB_ASSET_PREFIX}:asset`,
      (req: FastifyRequest<{ Params: { asset: string } }>, reply: FastifyReply) => {
        const type = TYPES[req.params.asset];
        const file = type ? path.join(WEB_DIR, req.params.asset) : null;
        if (!type || !file || !existsSync(file)) {
          sendProblem(reply, req, fromCode('NOT_FOUND', 'No such web view asset.'));
          return reply;
        }
        // Not immutable: the names carry no hash, so a rebuilt bundle must be fetched again.
        return reply
          .header('content-type', type)
          .header('cache-control', 'no-cache')
          .header('x-content-type-options', 'nosniff')
          .send(readFileSync(file));
      },
    );
  }
}
