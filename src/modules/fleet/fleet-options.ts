// The options of a fleet report job as a client gives them (REST query, GraphQL input), checked.
import { AppError } from '../../common/errors/app-error';
import type { ErrorCause } from '../../common/errors/app-error';
import { DEFAULT_KUBERNETES_VERSION, parseKubernetesVersion } from '../../engine';
import type { FleetJobOptions } from './fleet-queue';

export interface FleetOptionsInput {
  kubernetesVersion?: string | null;
  teamLabels?: string[] | null;
  nodes?: number | null;
  cpuPrice?: number | null;
  memoryPrice?: number | null;
  hours?: number | null;
  currency?: string | null;
}

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

export function toFleetJobOptions(input: FleetOptionsInput): FleetJobOptions {
  const causes: ErrorCause[] = [];
  const version = parseKubernetesVersion(input.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
  if (!version.ok) causes.push({ field: 'kubernetesVersion', message: version.message });
  const labels = input.teamLabels ?? undefined;
  labels?.forEach((l, i) => {
    if (!LABEL_KEY.test(l)) {
      causes.push({ field: `teamLabels[${i}]`, message: `"${l.slice(0, 80)}" is not a label key` });
    }
  });
  if (labels && labels.length > 10) {
    causes.push({ field: 'teamLabels', message: 'at most 10 labels' });
  }
  const number = (field: string, v: number | null | undefined, integer: boolean) => {
    if (v === null || v === undefined) return undefined;
    if (!Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
      causes.push({ field, message: `must be ${integer ? 'an integer' : 'a number'} >= 0` });
    }
    return v;
  };
  const nodeCount = number('nodes', input.nodes, true);
  const cpu = number('cpuPrice', input.cpuPrice, false);
  const memory = number('memoryPrice', input.memoryPrice, false);
  const hours = number('hours', input.hours, false);
  const currency = input.currency ?? undefined;
  if (currency !== undefined && !/^[A-Za-z]{1,10}$/.test(currency)) {
    causes.push({ field: 'currency', message: 'must be a currency code of 1 to 10 letters' });
  }
  if (causes.length > 0 || !version.ok) throw AppError.badInput(causes);
  return {
    kubernetesVersion: version.version.text,
    ...(labels ? { teamLabels: labels } : {}),
    ...(nodeCount !== undefined ? { nodeCount } : {}),
    pricing: {
      ...(cpu !== undefined ? { cpuPerVcpuHour: cpu } : {}),
      ...(memory !== undefined ? { memoryPerGibHour: memory } : {}),
      ...(hours !== undefined ? { hoursPerMonth: hours } : {}),
      ...(currency !== undefined ? { currency } : {}),
    },
  };
}
