/**
 * Who is calling: a team's API key (AUTH_MODE=apikey) or the single local team (AUTH_MODE=local).
 * Set on every request by the auth hook; the team id is never taken from the client's input.
 */
export type Caller =
  { kind: 'apikey'; teamId: string; keyId: string } | { kind: 'local'; address: string };

/** The team every request belongs to in local mode (created on first use). */
export const LOCAL_TEAM_NAME = 'local';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}
