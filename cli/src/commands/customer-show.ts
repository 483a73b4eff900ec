import {
  findCustomer,
  findCustomerByTenant,
  findPartner,
  listConsentRecords,
  listConsentRequests,
  presentConsentRecord,
  presentCustomer,
  presentRequest,
  presentRequestOf,
  recordRead,
} from '@mca/api';
import { objectIdOption, oneOf, requiredString } from '../args';
import type { Command } from '../command';

type CustomerView = ReturnType<typeof presentCustomer>;
type RequestView = ReturnType<typeof presentRequest>;
type RecordView = ReturnType<typeof presentConsentRecord>;

export const customerShow: Command = {
  path: ['customer', 'show'],
  summary: 'show a customer, its consent requests with their history, and its consent records',
  options: {
    partner: { type: 'string', required: true, valueName: 'ID', description: "the partner's id (required)" },
    id: { type: 'string', valueName: 'CUSTOMER', description: "the customer's id" },
    tenant: { type: 'string', valueName: 'TENANT', description: "or the customer's tenant id" },
  },
  details: "The JSON shapes (--json) are the API's: GET /v1/customers/{id}, its consent requests and consent records.",
  async run(operator, { values }) {
    // Every option is checked before anything is connected: a typo costs no round trip.
    const partnerId = objectIdOption(values, 'partner');
    const by = oneOf(values, ['id', 'tenant'] as const);
    const key = by === 'id' ? objectIdOption(values, 'id') : requiredString(values, 'tenant');
    const ctx = await operator.context();
    const partner = await findPartner(ctx, partnerId);
    const customer = by === 'id' ? await findCustomer(ctx, partner._id, key) : await findCustomerByTenant(ctx, partner._id, key);
    const [requests, records] = await Promise.all([
      listConsentRequests(ctx, partner._id, customer._id),
      listConsentRecords(ctx, partner._id, customer._id.toString()),
    ]);
    // The operator reads the representative and the evidence's summary: a read like any other.
    await recordRead(ctx, 'cli', 'customer-show', customer);
    const json = {
      customer: presentCustomer(customer),
      consentRequests: await Promise.all(requests.map((r) => presentRequestOf(ctx, r))),
      consentRecords: records.map(presentConsentRecord),
    };
    return { json, text: describe(json) };
  },
};

function describe(v: { customer: CustomerView; consentRequests: RequestView[]; consentRecords: RecordView[] }): string {
  const c = v.customer;
  const lines = [
    `${c.name} (${c.id})`,
    `  tenant ${c.tenantId}, ${c.country}, ${c.language}`,
    `  MCA ${c.mca.status}${c.mca.method ? ` by ${c.mca.method}` : ''}${c.mca.acceptedAt ? ` at ${c.mca.acceptedAt}` : ''}; ordering ${c.ordering.status}`,
    ...(c.mca.representative ? [`  consented: ${person(c.mca.representative)}`] : []),
    ...(c.representative ? [`  representative: ${person(c.representative)}`] : []),
    '',
    `Consent requests (${v.consentRequests.length})`,
    ...v.consentRequests.flatMap((r) => [
      `  ${r.id}  ${r.channel}  ${r.status}  to ${person(r.representative)}${r.lastError ? `  last error: ${r.lastError}` : ''}`,
      ...r.history.map((h) => `    ${h.at}  ${h.status}${h.detail ? `  ${h.detail}` : ''}`),
    ]),
    '',
    `Consent records (${v.consentRecords.length})`,
    ...v.consentRecords.map(
      (r) =>
        `  ${r.id}  ${r.layer}  ${r.method}  agreed ${r.dateAgreed}${r.representative ? `  by ${person(r.representative)}` : ''}  evidence ${r.evidence.kind}`,
    ),
  ];
  return lines.join('\n');
}

function person(p: { firstName?: string; lastName?: string; email?: string }): string {
  const name = [p.firstName, p.lastName].filter(Boolean).join(' ');
  return p.email ? `${name} <${p.email}>` : name;
}
