import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service';

/** A stored API key, without its secret (only the secret's hash is ever stored). */
export interface StoredApiKey {
  id: string;
  teamId: string;
  secretHash: string;
  revoked: boolean;
}

export interface TeamRecord {
  id: string;
  name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Teams and their API keys. The only place that reads or writes the team and api_key tables. */
@Injectable()
export class ApiKeyRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The team of that name, created when missing (concurrent callers get the same row). */
  async ensureTeam(name: string): Promise<TeamRecord> {
    const team = await this.prisma.team.upsert({
      where: { name },
      create: { name },
      update: {},
      select: { id: true, name: true },
    });
    return team;
  }

  async findTeamByName(name: string): Promise<TeamRecord | null> {
    return this.prisma.team.findUnique({ where: { name }, select: { id: true, name: true } });
  }

  async createKey(teamId: string, keyId: string, secretHash: string): Promise<void> {
    await this.prisma.apiKey.create({ data: { id: keyId, teamId, secretHash } });
  }

  /** One primary-key lookup; null for an unknown id. */
  async findKey(keyId: string): Promise<StoredApiKey | null> {
    if (!UUID.test(keyId)) {
      return null;
    }
    const row = await this.prisma.apiKey.findUnique({
      where: { id: keyId },
      select: { id: true, teamId: true, secretHash: true, revokedAt: true },
    });
    return row
      ? {
          id: row.id,
          teamId: row.teamId,
          secretHash: row.secretHash,
          revoked: row.revokedAt !== null,
        }
      : null;
  }

  /** Records that a key was used (for audits and clean-ups of unused keys). */
  async touchKey(keyId: string): Promise<void> {
    await this.prisma.apiKey.updateMany({ where: { id: keyId }, data: { lastUsedAt: new Date() } });
  }

  /** Marks a key revoked; false when there is no such (unrevoked) key. */
  async revokeKey(keyId: string): Promise<boolean> {
    if (!UUID.test(keyId)) {
      return false;
    }
    const res = await this.prisma.apiKey.updateMany({
      where: { id: keyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return res.count === 1;
  }
}
