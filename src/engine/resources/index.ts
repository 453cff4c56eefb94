// Values are re-exported by name, types with `export type *`: a plain `export *` compiles (swc and
// tsc alike) to one getter function shared by every name, whose keyed load V8 does not inline, and
// every call into the module through this index paid for it.
export {
  applyResourceDefaults,
  defaultedPodOf,
  readDefaultedPod,
  readDefaultedPodResources,
} from './defaults';
export type * from './defaults';
export { containerResourcesAt, readPodResources, toPodResources } from './pod-model';
export type * from './pod-model';
export {
  SUPPORTED_POD_LEVEL_RESOURCES,
  aggregateContainerLimits,
  aggregateContainerRequests,
  aggregateContainers,
  isPodLevelLimitsSet,
  isPodLevelRequestsSet,
  isPodLevelResourcesSet,
  isSupportedPodLevelResource,
  podLimits,
  podRequests,
} from './pod-resources';
export type * from './pod-resources';
export { combineQos, computePodQOS, computePodQOSDetail, requirementsQOS } from './qos';
export type * from './qos';
export {
  addInto,
  addOne,
  amountNanos,
  compareCodeUnits,
  compareResourceNames,
  isPlainObject,
  maxInto,
  readResourceList,
  sortNames,
  sortedKeys,
  sortedResourceNames,
  sumLists,
  toAmount,
  toQuantityList,
  toResourceQuantities,
} from './resource-list';
export type * from './resource-list';
export {
  SCHEDULER_SCORING_DEFAULTS,
  analyzeResources,
  sidecarShareOfRunningRequests,
} from './resource-report';
export type * from './resource-report';
