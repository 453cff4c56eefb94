import type { ApiKeyRepository, StoredApiKey } from './api-key.repository';
import { generateApiKey } from './api-key-format';
import { ApiKeysService, OFFLINE_GRACE_MS } from './api-keys.service';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** A repository double whose database can be taken down. */
function fakeRepo(keys: Map<string, StoredApiKey>) {
  const state = { up: true };
  const repo = {
    findKey: jest.fn(async (id: string) => {
      if (!state.up) throw refused();
      return keys.get(id) ?? null;
    }),
    touchKey: jest.fn(async () => undefined),
  };
  return { repo: repo as unknown as ApiKeyRepository, state };
}

describe(ApiKeysService.name, () => {
  const key = generateApiKey();
  const stored: StoredApiKey = {
    id: key.keyId,
    teamId: 'team-a',
    secretHash: key.secretHash,
    revoked: false,
  };

  afterEach(() => jest.useRealTimers());

  it('keeps accepting a key it verified while the database is unreachable (analyze needs no database)', async () => {
    const { repo, state } = fakeRepo(new Map([[key.keyId, stored]]));
    const sut = new ApiKeysService(repo);
    expect(await sut.verify(key.key)).toMatchObject({ kind: 'apikey', teamId: 'team-a' });
    state.up = false;
    expect(await sut.verify(key.key)).toMatchObject({ kind: 'apikey', teamId: 'team-a' });
  });

  it('does not accept, while the database is down, a key it never verified', async () => {
    const { repo, state } = fakeRepo(new Map([[key.keyId, stored]]));
    state.up = false;
    await expect(new ApiKeysService(repo).verify(key.key)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('forgets a key the database reports revoked: it is not accepted offline afterwards', async () => {
    const keys = new Map([[key.keyId, stored]]);
    const { repo, state } = fakeRepo(keys);
    const sut = new ApiKeysService(repo);
    await sut.verify(key.key);
    keys.set(key.keyId, { ...stored, revoked: true });
    expect(await sut.verify(key.key)).toBeNull();
    state.up = false;
    // Refused from memory (a revoked key stays revoked), without asking the database.
    const lookups = (repo.findKey as jest.Mock).mock.calls.length;
    expect(await sut.verify(key.key)).toBeNull();
    expect((repo.findKey as jest.Mock).mock.calls.length).toBe(lookups);
  });

  it(`stops accepting it offline ${OFFLINE_GRACE_MS / 60000} minutes after the last check`, async () => {
    jest.useFakeTimers({ now: new Date('2026-11-22T10:00:00Z') });
    const { repo, state } = fakeRepo(new Map([[key.keyId, stored]]));
    const sut = new ApiKeysService(repo);
    await sut.verify(key.key);
    state.up = false;
    jest.setSystemTime(new Date(Date.now() + OFFLINE_GRACE_MS + 1));
    await expect(sut.verify(key.key)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('checks the database on every request while it is up (a revocation takes effect at once)', async () => {
    const keys = new Map([[key.keyId, stored]]);
    const { repo } = fakeRepo(keys);
    const sut = new ApiKeysService(repo);
    await sut.verify(key.key);
    keys.set(key.keyId, { ...stored, revoked: true });
    expect(await sut.verify(key.key)).toBeNull();
  });
});
