import { findPartner, rotateApiKeys } from '@mca/api';
import { objectIdOption } from '../args';
import type { Command } from '../command';

export const partnerRotateKey: Command = {
  path: ['partner', 'rotate-key'],
  summary: 'issue a new full API key and revoke every other key of the partner',
  options: {
    partner: { type: 'string', required: true, valueName: 'ID', description: "the partner's id (required)" },
  },
  details: [
    'For a key that leaked or keys nobody can account for. One new key of scope `full` is issued,',
    'then every other key of the partner, `orders` keys included, is deleted and revoked on every',
    'API instance (Redis pub/sub, as DELETE /v1/api-keys/{id}). The partner makes new `orders`',
    'keys with the new key. For a planned rotation without downtime the partner uses the API',
    'instead (create a key, switch, delete the old one).',
  ].join('\n'),
  async run(operator, { values }) {
    const partnerId = objectIdOption(values, 'partner');
    const ctx = await operator.context();
    const partner = await findPartner(ctx, partnerId);
    const rotated = await rotateApiKeys(ctx, partner._id);
    const json = {
      partnerId: partner._id.toString(),
      id: rotated.id,
      name: rotated.name,
      scope: rotated.scope,
      apiKey: rotated.apiKey,
      revoked: rotated.revoked,
    };
    const text = [
      `new api key for ${partner.name} (${json.partnerId}): ${rotated.apiKey}`,
      `${rotated.revoked} old key${rotated.revoked === 1 ? '' : 's'} revoked. The new key is shown this once.`,
    ].join('\n');
    return { json, text };
  },
};
