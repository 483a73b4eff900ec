export * from './vault';
export * from './data-keys';
export * from './master-keys';
export * from './representative';
export * from './documents';
export * from './raw-messages';
export * from './seal-plain-rows';
