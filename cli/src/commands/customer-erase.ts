import { eraseCustomerPersonalData, findCustomer, findPartner } from '@mca/api';
import { objectIdOption } from '../args';
import type { Command } from '../command';

export const customerErase: Command = {
  path: ['customer', 'erase'],
  summary: "erase a customer's personal data for good (GDPR Art. 17): its data key is destroyed",
  options: {
    partner: { type: 'string', required: true, valueName: 'ID', description: "the partner's id (required)" },
    id: { type: 'string', required: true, valueName: 'CUSTOMER', description: "the customer's id (required)" },
  },
  details: [
    'As DELETE /v1/customers/{id}/personal-data: live requests are cancelled, a customer.erased',
    'event is appended to the audit chain, then the customer key is destroyed; names, replies,',
    'scans and signed documents no longer open anywhere (backups included). The customer, its',
    'status and its audit chain stay. Running it again changes nothing.',
  ].join('\n'),
  async run(operator, { values }) {
    const partnerId = objectIdOption(values, 'partner');
    const customerId = objectIdOption(values, 'id');
    const ctx = await operator.context();
    const partner = await findPartner(ctx, partnerId);
    const customer = await findCustomer(ctx, partner._id, customerId.toString());
    const { erasedAt } = await eraseCustomerPersonalData(ctx, partner._id, customer._id.toString(), 'operator (mca customer erase)');
    const json = { customerId: customer._id.toString(), personalDataErasedAt: erasedAt.toISOString() };
    return { json, text: `personal data of customer ${json.customerId} (tenant ${customer.tenantId}) erased at ${json.personalDataErasedAt}` };
  },
};
