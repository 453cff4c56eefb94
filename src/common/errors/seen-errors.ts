// What went wrong in a request, for the metrics: every error code a response carried (REST problem
// details, GraphQL errors) and, for a rate limit, which limit it was. Written where the error is
// shaped for the client, read once in the response hook; nothing is kept after the request.

/** The limits that answer RATE_LIMITED: an API key's (or address') budget, or the worker queue. */
export type Limiter = 'api_key' | 'worker_queue' | 'auth_failures';

interface Seen {
  codes: string[];
  limiter?: Limiter;
}

const seen = new WeakMap<object, Seen>();

const of = (req: object): Seen => {
  let s = seen.get(req);
  if (!s) {
    s = { codes: [] };
    seen.set(req, s);
  }
  return s;
};

/** Notes an error code the response carries. */
export function noteErrorCode(req: object | undefined, code: string): void {
  if (req) of(req).codes.push(code);
}

/** Notes which limit refused the request. */
export function noteLimiter(req: object | undefined, limiter: Limiter): void {
  if (req) of(req).limiter = limiter;
}

/** The error codes of the request (each once) and its limiter, if any. */
export function seenErrors(req: object): { codes: string[]; limiter?: Limiter } {
  const s = seen.get(req);
  return s ? { codes: [...new Set(s.codes)], limiter: s.limiter } : { codes: [] };
}
