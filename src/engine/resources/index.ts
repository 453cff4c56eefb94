export * from './defaults';
export * from './pod-model';
export * from './pod-resources';
export * from './qos';
export * from './resource-list';
export * from './resource-report';
