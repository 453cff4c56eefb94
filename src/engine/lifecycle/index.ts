// Lifecycle simulation: the public surface of src/engine/lifecycle.
export * from './types';
export * from './assumptions';
export * from './compute-pod-actions';
export * from './termination-order';
export * from './legacy-sidecar';
export * from './pod-phase';
export * from './restart-policy';
export * from './live-pod';
export * from './probes';
export { renderMermaid } from './mermaid';
export { renderSvg } from './svg';
export type { LifecycleCharts, PortableLifecycle } from './pictures';
export {
  PICTURE_FIELDS,
  lifecycleCharts,
  lifecycleFromPortable,
  pictureDrawn,
  portableLifecycle,
  withLazyPictures,
} from './pictures';
export type { Chart, Lane, Span, ProbeMarks } from './plan';
export { simulateLifecycle } from './simulate-lifecycle';
