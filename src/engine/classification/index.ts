// The classification stage: which helper each container is, on what evidence and how sure, and
// which sidecars an admission webhook will add. Reads intake and validation output; lifecycle,
// resources, rules and advice read it (never the other way round).
// Values are re-exported by name, types with `export type *`: a plain `export *` compiles (swc and
// tsc alike) to one getter function shared by every name, whose keyed load V8 does not inline, and
// every call into the module through this index paid for it.
export {
  KNOWN_HELPERS,
  commandWords,
  containerFacts,
  flagValue,
  hasFlag,
  imageBase,
  imageRepository,
  imageTag,
  matchConfidence,
  recogniseFacts,
  recogniseHelper,
  recogniseHelperMatch,
  tcpStartupProbe,
} from './known-helpers';
export type * from './known-helpers';
export { classifyContainers, idleCommand, toClassifiedContainerReport } from './classify';
export type * from './classify';
export { detectInjectedSidecars } from './injection';
export type * from './injection';
