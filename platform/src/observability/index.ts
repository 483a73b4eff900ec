export * from './logger';
export * from './metrics';
export * from './mask-personal-data';
export * from './without-personal-data';
export * from './request-context';
