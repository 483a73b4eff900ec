export * from './consent-request-status';
export * from './mca-status';
export * from './order-policy';
export * from './follow-ups';
export * from './unlock-policy';
