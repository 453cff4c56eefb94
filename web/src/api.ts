// The GraphQL client: JSON content type always (the service refuses cross-site form posts), the
// API key as "Authorization: Bearer <key>" when the service runs in apikey mode.

export interface ServiceConfig {
  authMode: 'local' | 'apikey';
  kubernetesVersions: string[];
  defaultKubernetesVersion: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly status: number,
  ) {
    super(message);
  }
}

interface GraphqlError {
  message: string;
  extensions?: { code?: string; retryAfterSeconds?: number };
}

export async function loadConfig(): Promise<ServiceConfig> {
  const res = await fetch('/app/config.json', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new ApiError(`the service answered ${res.status}`, null, res.status);
  return (await res.json()) as ServiceConfig;
}

export async function graphql<T>(
  query: string,
  variables: Record<string, unknown>,
  apiKey: string,
): Promise<T> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
  };
  if (apiKey.trim()) headers.authorization = `Bearer ${apiKey.trim()}`;
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('The service cannot be reached.', 'NETWORK', 0);
  }
  let body: { data?: T | null; errors?: GraphqlError[]; message?: string; code?: string };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError(`The service answered ${res.status} without JSON.`, null, res.status);
  }
  if (body.errors && body.errors.length > 0) {
    const first = body.errors[0] as GraphqlError;
    const retry = first.extensions?.retryAfterSeconds;
    throw new ApiError(
      retry ? `${first.message} Try again in ${retry} s.` : first.message,
      first.extensions?.code ?? null,
      res.status,
    );
  }
  if (!res.ok || !body.data) {
    throw new ApiError(
      body.message ?? `The service answered ${res.status}.`,
      body.code ?? null,
      res.status,
    );
  }
  return body.data;
}
