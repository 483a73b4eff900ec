export * from './address-policy';
export * from './webhook-url-policy';
export * from './guarded-lookup';
