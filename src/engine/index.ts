// The engine's public surface: the only module the Nest layer, the CLI and the benchmarks import.
export * from './analyze';
export * from './report';
export * from './workload';
export * from './k8s/types';
export * from './k8s/version';
export * from './containers';
export * from './quantity';
export * from './resources';
export * from './lifecycle';
export * from './rules';
export * from './classification';
export * from './advice';
export * from './exemptions';
export { estimateCost, INLINE_LIMITS, type CostEstimate } from './intake';
export * from './fleet';
