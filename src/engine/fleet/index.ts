// The fleet report: a cluster dump's sidecars, their cost and what to migrate.
export * from './types';
export * from './split';
export * from './summarize';
export * from './aggregate';
export * from './render';
