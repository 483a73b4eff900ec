export * from './connect';
export * from './models/partner';
export * from './models/customer';
export * from './models/consent-request';
export * from './models/consent-record';
export * from './models/evidence-file';
export * from './models/inbound-email';
export * from './models/notification';
