export { createApp } from './app';
export { orderGateFor, type OrderGate } from './order-gate';

// The use cases the operator CLI (cli/) runs: the API's own, never a copy.
export { createPartner } from './use-cases/create-partner';
export { findPartner } from './use-cases/find-partner';
export { rotateApiKeys } from './use-cases/api-keys';
export { findCustomer, findCustomerByTenant } from './use-cases/customers';
export { listConsentRequests } from './use-cases/consent-requests';
export { eraseCustomerPersonalData } from './use-cases/erase-customer';
export { listConsentRecords } from './use-cases/consent-evidence';
export { importCustomers, type ImportOutcome } from './use-cases/import-customers';
export { presentConsentRecord, presentCustomer, presentRequest, presentRequestOf } from './use-cases/present';
export { recordRead } from './use-cases/record-reads';
export { validate } from './http/validate';
export {
  cancelCampaign,
  createCampaign,
  findCampaign,
  listCampaigns,
  pauseCampaign,
  presentCampaign,
  resumeCampaign,
  type CampaignView,
} from './use-cases/campaigns';
export { CreateCampaignBody, CreatePartnerBody, ListCampaignsQuery } from './schemas';
