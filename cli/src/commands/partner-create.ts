import { AppError } from '@mca/platform';
import { CreatePartnerBody, createPartner, validate } from '@mca/api';
import { optionalString, requiredString } from '../args';
import type { Command } from '../command';
import { UsageError } from '../usage-error';

/** The API's body fields, by the option that sets them (a validation message names the option). */
const OPTION_OF_FIELD: Record<string, string> = {
  name: '--name',
  notifyEmail: '--notify-email',
  webhookUrl: '--webhook-url',
  'partnerCenter.tenantId': '--tenant-id',
  'partnerCenter.mpnId': '--mpn-id',
  partnerCenter: '--tenant-id/--mpn-id',
};

export const partnerCreate: Command = {
  path: ['partner', 'create'],
  summary: 'create a partner with its first API key (as POST /v1/partners)',
  options: {
    name: { type: 'string', required: true, valueName: 'NAME', description: "the partner's name (required)" },
    'notify-email': { type: 'string', valueName: 'EMAIL', description: 'where notifications go by email' },
    'webhook-url': { type: 'string', valueName: 'URL', description: "the partner's webhook endpoint (a webhook secret is made)" },
    'tenant-id': { type: 'string', valueName: 'GUID', description: "the partner's own Partner Center tenant id" },
    'mpn-id': { type: 'string', valueName: 'ID', description: "the partner's MPN id (Partner Center)" },
  },
  details: 'The API key and the webhook secret are shown this once: only their hash (the key) and a sealed copy (the secret) are kept.',
  async run(operator, { values }) {
    const tenantId = optionalString(values, 'tenant-id');
    const mpnId = optionalString(values, 'mpn-id');
    const body = {
      name: requiredString(values, 'name'),
      notifyEmail: optionalString(values, 'notify-email'),
      webhookUrl: optionalString(values, 'webhook-url'),
      ...(tenantId || mpnId ? { partnerCenter: { tenantId, mpnId } } : {}),
    };
    const valid = await withOptionNames(() => validate(CreatePartnerBody, body));
    const ctx = await operator.context();
    // The use case refuses a webhook URL the delivery guard would refuse (http:, a private address).
    const created = await withOptionNames(() => createPartner(ctx, valid));
    const lines = [
      `partner created: ${created.id} (${created.name})`,
      `api key:         ${created.apiKey}`,
      ...(created.webhookSecret ? [`webhook secret:  ${created.webhookSecret}`] : []),
      'The key' + (created.webhookSecret ? ' and the secret are' : ' is') + ' shown this once: hand them to the partner now.',
    ];
    return { json: created, text: lines.join('\n') };
  },
};

/** The API's validation message, naming the option instead of the body field. */
async function withOptionNames<T>(parse: () => T | Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'VALIDATION_FAILED') throw err;
    const [field, ...rest] = err.message.split(': ');
    const option = field ? OPTION_OF_FIELD[field] : undefined;
    throw new UsageError(option ? `${option}: ${rest.join(': ')}` : err.message);
  }
}
