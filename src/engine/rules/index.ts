// The rule engine's public surface.
export * from './define-rule';
export * from './context';
export * from './fix';
export * from './run-rules';
export * from './registry';
export * from './docs';
