import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { isDatabaseUnavailable } from '../../common/errors/normalise-error';
import { ApiKeyRepository } from './api-key.repository';
import type { Caller } from './caller';
import { LOCAL_TEAM_NAME } from './caller';
import {
  DUMMY_SECRET_HASH,
  generateApiKey,
  hashSecret,
  parseApiKey,
  sameHash,
} from './api-key-format';

/** How long a key verified against the database stays usable while the database is unreachable. */
export const OFFLINE_GRACE_MS = 15 * 60_000;

/**
 * How long a refused key (unknown id, wrong secret, revoked) is answered from memory. Such a key
 * never becomes valid (keys are 256-bit random and generated here), so this only bounds memory.
 */
export const REFUSED_KEY_TTL_MS = 10 * 60_000;

export interface CreatedApiKey {
  keyId: string;
  teamId: string;
  teamName: string;
  /** Shown once; only its hash is stored. */
  key: string;
}

/** Creates, revokes and verifies API keys; resolves the caller's team. */
@Injectable()
export class ApiKeysService {
  private localTeamId: Promise<string> | null = null;
  /** When this process last wrote last_used_at per key: at most one write a minute per key. */
  private readonly lastTouched = new Map<string, number>();
  /**
   * Keys this process verified against the database, by the hash of the whole presented key.
   * Used only while the database cannot be reached, so that `analyze` (which needs no database)
   * keeps working for known callers; when the database answers, every request is checked there,
   * so a revocation takes effect at once.
   */
  private readonly verifiedWhileUp = new Map<string, { caller: Caller; at: number }>();

  /**
   * Keys the database refused, by the hash of the whole presented key: the same bad key sent again
   * is refused without a database lookup (an LRU, so a flood of distinct keys cannot grow it).
   */
  private readonly refused = new LRUCache<string, true>({
    max: 10_000,
    ttl: REFUSED_KEY_TTL_MS,
  });

  constructor(private readonly repo: ApiKeyRepository) {}

  /** A new key for the team (created when missing). */
  async create(teamName: string): Promise<CreatedApiKey> {
    const team = await this.repo.ensureTeam(teamName);
    const k = generateApiKey();
    await this.repo.createKey(team.id, k.keyId, k.secretHash);
    return { keyId: k.keyId, teamId: team.id, teamName: team.name, key: k.key };
  }

  revoke(keyId: string): Promise<boolean> {
    return this.repo.revokeKey(keyId);
  }

  /**
   * The caller a bearer key stands for, or null. Unknown, revoked and wrong keys take the same
   * path (one lookup by id, one constant-time hash comparison) and give the same answer.
   */
  async verify(key: string): Promise<Caller | null> {
    const parsed = parseApiKey(key);
    const presented = hashSecret(parsed?.secret ?? key);
    const whole = hashSecret(key);
    if (this.refused.has(whole)) {
      return null;
    }
    let stored: Awaited<ReturnType<ApiKeyRepository['findKey']>> | null;
    try {
      stored = parsed ? await this.repo.findKey(parsed.keyId) : null;
    } catch (e) {
      const known = this.verifiedWhileUp.get(whole);
      if (known && Date.now() - known.at < OFFLINE_GRACE_MS && isDatabaseUnavailable(e)) {
        return known.caller;
      }
      throw e;
    }
    const matches = sameHash(presented, stored?.secretHash ?? DUMMY_SECRET_HASH);
    if (!stored || !matches || stored.revoked) {
      this.verifiedWhileUp.delete(whole);
      // A malformed key costs no lookup anyway; remember only those the database refused.
      if (parsed) this.refused.set(whole, true);
      return null;
    }
    this.touch(stored.id);
    const caller: Caller = { kind: 'apikey', teamId: stored.teamId, keyId: stored.id };
    if (this.verifiedWhileUp.size >= 10_000) this.verifiedWhileUp.clear();
    this.verifiedWhileUp.set(whole, { caller, at: Date.now() });
    return caller;
  }

  private touch(keyId: string): void {
    const now = Date.now();
    if (now - (this.lastTouched.get(keyId) ?? 0) < 60_000) {
      return;
    }
    this.lastTouched.set(keyId, now);
    if (this.lastTouched.size > 10_000) {
      this.lastTouched.clear();
    }
    // Bookkeeping only: never delays or fails the request.
    this.repo.touchKey(keyId).catch(() => this.lastTouched.delete(keyId));
  }

  /** The team a caller acts for; in local mode the "local" team, created on first use. */
  async teamIdOf(caller: Caller): Promise<string> {
    if (caller.kind === 'apikey') {
      return caller.teamId;
    }
    if (this.localTeamId === null) {
      const pending = this.repo.ensureTeam(LOCAL_TEAM_NAME).then((t) => t.id);
      this.localTeamId = pending;
      // A failure (database down) is not cached: the next request tries again.
      pending.catch(() => {
        if (this.localTeamId === pending) this.localTeamId = null;
      });
    }
    return this.localTeamId;
  }
}
