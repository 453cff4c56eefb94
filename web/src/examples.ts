// Examples embedded in the bundle. The real-world ones are byte-for-byte copies of
// test/corpus/real-world (each keeps its "# Source:" line; a test checks they stay equal).
import nativeAndLegacy from '../examples/native-and-legacy-sidecar.yaml';
import istioNative from '../examples/01-istio-native-sidecar-pod.yaml';
import istioJobLegacy from '../examples/05-istio-job-legacy-sidecar.yaml';
import cloudsqlJobLegacy from '../examples/13-cloudsql-job-legacy-quitquitquit.yaml';
import daprInjected from '../examples/19-dapr-annotated-deployment.yaml';
import logShippers from '../examples/21-tailing-sidecar-log-shippers.yaml';

export interface Example {
  id: string;
  title: string;
  text: string;
}

export const EXAMPLES: Example[] = [
  {
    id: 'native-and-legacy',
    title: 'Deployment: a native log shipper and a legacy db proxy',
    text: nativeAndLegacy,
  },
  {
    id: 'istio-job-legacy',
    title: 'Istio Job with a legacy proxy (never completes)',
    text: istioJobLegacy,
  },
  {
    id: 'cloudsql-job-legacy',
    title: 'Cloud SQL Job with a legacy proxy stopped by /quitquitquit',
    text: cloudsqlJobLegacy,
  },
  { id: 'istio-native', title: 'Istio-injected Pod (native sidecars)', text: istioNative },
  { id: 'log-shippers', title: 'Pod with two legacy log-tailing sidecars', text: logShippers },
  { id: 'dapr-injected', title: 'Deployment Dapr will inject a sidecar into', text: daprInjected },
];

export const DEFAULT_EXAMPLE = 'native-and-legacy';

export const exampleById = (id: string | undefined): Example | undefined =>
  EXAMPLES.find((e) => e.id === id);

/** The "# Source:" line of an example, shown beside the picker. */
export function sourceOf(text: string): string | null {
  const line = text.split('\n').find((l) => l.startsWith('# Source:'));
  return line ? line.replace(/^# Source:\s*/, '') : null;
}
