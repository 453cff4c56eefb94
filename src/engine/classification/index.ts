// The classification stage: which helper each container is, on what evidence and how sure, and
// which sidecars an admission webhook will add. Reads intake and validation output; lifecycle,
// resources, rules and advice read it (never the other way round).
export * from './known-helpers';
export * from './classify';
export * from './injection';
