export * from './campaign-ids';
export * from './campaign-watch';
export * from './campaign-gate';
export * from './campaign-counts';
