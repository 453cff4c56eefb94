// The pattern advisor's public surface.
export * from './patterns';
export * from './recommend';
