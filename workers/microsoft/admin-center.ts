/** Where a Global or Billing administrator of the customer's tenant accepts the MCA. */
export const ADMIN_CENTER_AGREEMENT_URL = 'https://admin.microsoft.com/AdminPortal/Home?ref=/BillingAccounts/agreement';
