import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config';
import { REPO_ROOT } from '../support/shared';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeNull();
    expect(c.dataDir).toBe(path.resolve('/srv/app', '.data'));
    expect(c.logLevel).toBe('info');
    // Local mode only with the embedded database.
    expect(c.authMode).toBe('local');
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/x' }).authMode).toBe('apikey');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['AUTH_MODE', 'none'],
    ['DB_POOL_MAX', '0'],
    ['MAX_BODY_BYTES', '1024'],
    ['GRAPHQL_MAX_DEPTH', '3'],
    ['GRAPHQL_MAX_TOKENS', 'lots'],
  ])('refuses %s=%s naming the variable', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
    expect((error as ConfigError).message).toContain(value);
  });

  it('never echoes a DATABASE_URL, which carries a password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://app:s3cret@db host:5432/x' })).toThrow(
      new ConfigError(
        'DATABASE_URL',
        'invalid configuration: DATABASE_URL must be a postgresql:// URL',
      ),
    );
  });

  it('stops the service with one clear line, not a stack trace', () => {
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: 'not-a-port', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sidecar-lens: invalid configuration: PORT must be a whole number/);
    expect(run.stderr).not.toMatch(/\bat \S+ \(/);
  });
});
