// 405 Method Not Allowed with an `Allow` header (RFC 9110 section 15.5.6) for a path that exists
// under other methods; Fastify itself answers every unmatched method with 404.
import type { FastifyInstance, RouteOptions } from 'fastify';

interface KnownRoute {
  pattern: RegExp;
  methods: string[];
}

const routesOf = new WeakMap<FastifyInstance, KnownRoute[]>();

/** A route URL (`/v1/scenarios/:id`, `/assets/*`) as a regular expression over request paths. */
function patternOf(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+\??|\*)/)
    .map((part) =>
      part === '*'
        ? '.*'
        : part.startsWith(':')
          ? part.endsWith('?')
            ? '[^/]*'
            : '[^/]+'
          : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}/?$`);
}

/** Remembers every route as it is registered; call before the application registers its routes. */
export function trackRoutes(fastify: FastifyInstance): void {
  const routes: KnownRoute[] = [];
  routesOf.set(fastify, routes);
  fastify.addHook('onRoute', (route: RouteOptions) => {
    // A catch-all (CORS preflight `OPTIONS *`) says nothing about which paths exist.
    if (route.url === '*' || route.url === '/*') return;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) =>
      String(m).toUpperCase(),
    );
    routes.push({ pattern: patternOf(route.url), methods });
  });
}

/** The methods some route answers on this path (sorted), or none when the path is unknown. */
export function allowedMethods(fastify: FastifyInstance, path: string): string[] {
  const allowed = new Set<string>();
  for (const route of routesOf.get(fastify) ?? []) {
    if (route.pattern.test(path)) for (const m of route.methods) allowed.add(m);
  }
  return [...allowed].sort();
}
