// A CPU profile of the engine on one bench input, summarised by function (self time) and by engine
// stage (inclusive time): where the analysis spends its time (issue 12's "profile of the remaining
// engine cost").
//   node -r @swc-node/register bench/profile.ts [playground|json|wide:<containers>|docs:<bytes>] [seconds]
// The engine is warmed up first; the profile covers only warm calls.
import { Session } from 'node:inspector';
import { loadAll } from 'js-yaml';
import { analyzeManifest } from '../src/engine';
import { multiDocument, playgroundDeployment, wideDeployment } from './fixtures';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function input(spec: string): string {
  if (spec === 'playground') return playgroundDeployment();
  if (spec === 'json') return JSON.stringify(loadAll(playgroundDeployment())[0]);
  const [kind, n] = spec.split(':');
  if (kind === 'wide') return wideDeployment(Number(n ?? 30));
  if (kind === 'docs') return multiDocument(Number(n ?? 1 << 20)).text;
  throw new Error(`unknown input ${spec}: playground, json, wide:<n> or docs:<bytes>`);
}

const post = <T>(session: Session, method: string): Promise<T> =>
  new Promise((resolve, reject) =>
    session.post(method, (err, res) => (err ? reject(err) : resolve(res as T))),
  );

async function main(): Promise<void> {
  const spec = process.argv[2] ?? 'playground';
  const seconds = Number(process.argv[3] ?? 5);
  const text = input(spec);
  const run = () => analyzeManifest(text, { includeFixes: false });
  const until = (ms: number): number => {
    let n = 0;
    const end = Date.now() + ms;
    while (Date.now() < end) {
      run();
      n++;
    }
    return n;
  };
  until(2000);
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.start');
  const c0 = process.cpuUsage();
  const calls = until(seconds * 1000);
  const cpu = process.cpuUsage(c0);
  const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
  session.disconnect();
  console.log(
    `${spec}: ${calls} calls, ${((cpu.user + cpu.system) / calls).toFixed(0)} us CPU per call`,
  );
  summarise(profile);
}

function summarise(p: Profile): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ticks = new Map<number, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    ticks.set(id, (ticks.get(id) ?? 0) + dt);
    total += dt;
  });
  const name = (n: ProfileNode): string =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*?\/(src|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  const stage = (n: ProfileNode): string | undefined => {
    const m = /\/src\/engine\/([^/]+)(\/|\.ts)/.exec(n.callFrame.url);
    return m ? m[1] : undefined;
  };
  const self = new Map<string, number>();
  const stages = new Map<string, number>();
  for (const [id, t] of ticks) {
    const node = byId.get(id)!;
    const k = name(node);
    self.set(k, (self.get(k) ?? 0) + t);
    // A sample counts once for each engine stage on its stack, attributed to the innermost one
    // for the "self" stage table.
    let cur: number | undefined = id;
    let s: string | undefined;
    while (cur !== undefined && s === undefined) {
      s = stage(byId.get(cur)!);
      cur = parent.get(cur);
    }
    const key =
      s ?? (node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : 'other');
    stages.set(key, (stages.get(key) ?? 0) + t);
  }
  const pct = (t: number): string => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
  console.log('\nby engine area (innermost src/engine/<area> on the stack):');
  for (const [k, t] of [...stages].sort((a, b) => b[1] - a[1])) console.log(`${pct(t)} ${k}`);
  console.log('\ntop functions by self time:');
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${pct(t)} ${k}`);
  }
}

void main();
