// recogniseHelperMatch tries only the catalogue entries whose image, command or name patterns can
// match (src/engine/classification/known-helpers.ts: union patterns over runs of entries). It
// must find exactly what a scan of every entry's own match() finds: the first image+command
// match, else the best-ranked one, the earliest entry on a tie.
import type { Container } from '../../../src/engine/k8s/types';
import type { HelperMatch, KnownHelper } from '../../../src/engine/classification';
import { KNOWN_HELPERS, recogniseHelperMatch } from '../../../src/engine/classification';

const RANK: Record<HelperMatch['by'], number> = {
  'image+command': 0,
  command: 1,
  image: 2,
  name: 3,
};

function scanEveryEntry(c: Container): { helper: KnownHelper; match: HelperMatch } | null {
  let weak: { helper: KnownHelper; match: HelperMatch } | null = null;
  for (const helper of KNOWN_HELPERS) {
    const match = helper.match(c);
    if (!match) continue;
    if (match.by === 'image+command') return { helper, match };
    if (!weak || RANK[match.by] < RANK[weak.match.by]) weak = { helper, match };
  }
  return weak;
}

const examples = KNOWN_HELPERS.flatMap((h) => h.examples);
const names = [
  ...new Set([...examples.map((c) => c.name ?? ''), 'app', 'web', 'dind', 'Istio-Proxy', '']),
];
const images = [
  ...new Set([
    ...examples.map((c) => c.image ?? ''),
    'nginx:1.27',
    'localhost:5000/istio/proxyv2:1.22.0',
    'docker:26',
    'gcr.io/x/git-sync@sha256:0123',
    '',
  ]),
];
const commandLines: Pick<Container, 'command' | 'args'>[] = [
  {},
  { command: [] },
  ...examples.map((c) => ({ command: c.command, args: c.args })),
  { command: ['sh', '-c', 'sleep infinity'] },
  { args: ['--one-time'] },
  { args: ['proxy', 'router'] },
  { args: ['agent', '-config=/vault/agent.hcl', '-exit-after-auth'] },
  { command: ['sh', '-c', 'tail -n+1 -F /var/log/app.log'] },
];

const key = (found: { helper: KnownHelper; match: HelperMatch } | null) =>
  found && { id: found.helper.id, ...found.match };

describe('the catalogue index', () => {
  it('finds what a scan of every entry finds, for every name and image combination', () => {
    let checked = 0;
    for (const name of names) {
      for (const image of images) {
        for (const line of [{}, ...commandLines.slice(2, 4)]) {
          const c: Container = { name, image, ...line };
          expect([c, key(recogniseHelperMatch(c))]).toEqual([c, key(scanEveryEntry(c))]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('finds what a scan of every entry finds, for every command line', () => {
    for (const line of commandLines) {
      for (const image of images) {
        for (const name of ['app', 'config-manager', 'vault-agent']) {
          const c: Container = { name, image, ...line, env: [{ name: 'ONESHOT', value: 'true' }] };
          expect([c, key(recogniseHelperMatch(c))]).toEqual([c, key(scanEveryEntry(c))]);
        }
      }
    }
  });
});
