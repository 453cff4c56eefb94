// The page state lives in the URL fragment (never sent to the server, so a manifest stays out of
// access logs): #ex=<example> or #m=<deflated manifest> or #s=<scenario>&r=<revision>, plus the
// version, the tab, the workload and the timing. A link reopens the same view.
import type { Timing } from './types';

export const TABS = ['timelines', 'resources', 'findings', 'advice', 'history'] as const;
export type Tab = (typeof TABS)[number];

export interface PageState {
  example?: string;
  manifest?: string;
  scenario?: string;
  revision?: number;
  version?: string;
  tab: Tab;
  workload: number;
  timing?: Timing;
}

const toBase64Url = (bytes: Uint8Array): string => {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const fromBase64Url = (text: string): Uint8Array => {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
};

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream) {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** deflate-raw + base64url ("z" prefix), or plain base64url ("b") where CompressionStream is missing. */
export async function packText(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  if (typeof CompressionStream === 'function') {
    return `z${toBase64Url(await pipe(bytes, new CompressionStream('deflate-raw')))}`;
  }
  return `b${toBase64Url(bytes)}`;
}

export async function unpackText(packed: string): Promise<string> {
  const body = fromBase64Url(packed.slice(1));
  if (packed.startsWith('z')) {
    return new TextDecoder().decode(await pipe(body, new DecompressionStream('deflate-raw')));
  }
  return new TextDecoder().decode(body);
}

export async function readState(hash: string): Promise<PageState> {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const tab = p.get('tab');
  const state: PageState = {
    tab: (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'timelines',
    workload: Math.max(0, Number.parseInt(p.get('w') ?? '0', 10) || 0),
  };
  const version = p.get('v');
  if (version && /^1\.\d{1,3}$/.test(version)) state.version = version;
  const example = p.get('ex');
  if (example) state.example = example;
  const scenario = p.get('s');
  if (scenario) state.scenario = scenario;
  const revision = Number.parseInt(p.get('r') ?? '', 10);
  if (Number.isInteger(revision) && revision > 0) state.revision = revision;
  const m = p.get('m');
  if (m) {
    try {
      state.manifest = await unpackText(m);
    } catch {
      // A damaged link: start from the default example rather than fail.
    }
  }
  const t = p.get('t');
  if (t) {
    try {
      const timing = JSON.parse(t) as unknown;
      if (timing && typeof timing === 'object') state.timing = timing as Timing;
    } catch {
      // ignored as above
    }
  }
  return state;
}

export async function writeState(state: PageState): Promise<string> {
  const p = new URLSearchParams();
  if (state.scenario) {
    p.set('s', state.scenario);
    if (state.revision) p.set('r', String(state.revision));
  } else if (state.example) {
    p.set('ex', state.example);
  } else if (state.manifest !== undefined) {
    p.set('m', await packText(state.manifest));
  }
  if (state.version) p.set('v', state.version);
  p.set('tab', state.tab);
  if (state.workload > 0) p.set('w', String(state.workload));
  if (state.timing && Object.keys(state.timing).length > 0) {
    p.set('t', JSON.stringify(state.timing));
  }
  return `#${p.toString()}`;
}
