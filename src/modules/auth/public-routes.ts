import type { FastifyRequest } from 'fastify';
import { PLAYGROUND_PATH, wantsPlayground } from '../playground/playground.module';
import { isWebViewRoute } from '../web/web.module';

const OPEN_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** The path of a request, without its query string. */
export const pathOf = (req: FastifyRequest): string => req.url.split('?')[0] ?? req.url;

/** Probes and metrics: neither authenticated nor rate limited. */
export function isInfrastructureRoute(req: FastifyRequest): boolean {
  return OPEN_PATHS.has(pathOf(req));
}

/**
 * Requests that need no API key: probes, metrics, the playground page and its assets, the web
 * view's page and assets, and the
 * OpenAPI document and its UI. Everything else (GraphQL, REST) does in apikey mode.
 */
export function isPublicRoute(req: FastifyRequest): boolean {
  const path = pathOf(req);
  return (
    OPEN_PATHS.has(path) ||
    wantsPlayground(req) ||
    isWebViewRoute(req) ||
    path.startsWith(`${PLAYGROUND_PATH}/`) ||
    path === '/docs' ||
    path.startsWith('/docs/') ||
    path.startsWith('/docs-') ||
    /^\/openapi\.(json|yaml)$/.test(path)
  );
}
