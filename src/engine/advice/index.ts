// The pattern advisor's public surface.
export * from './known-helpers';
export * from './classify';
export * from './injection';
export * from './patterns';
export * from './recommend';
