export * from './definitions';
export * from './redis';
export * from './producer';
export * from './broadcast';
export * from './failed-jobs';
export * from './enqueue-send';
