import { CreateCampaignBody, createCampaign, findPartner, presentCampaign, validate } from '@mca/api';
import { MCA_STATUSES } from '@mca/core';
import { objectIdOption, optionalString, requiredString } from '../args';
import type { Command, OptionValues } from '../command';
import { UsageError } from '../usage-error';
import { PARTNER_OPTION, describeCampaign } from './campaign-view';

const CHANNELS = CreateCampaignBody.shape.channel.options;

export const campaignStart: Command = {
  path: ['campaign', 'start'],
  summary: "start a consent campaign over a partner's customers (as POST /v1/campaigns)",
  options: {
    partner: PARTNER_OPTION,
    channel: { type: 'string', required: true, valueName: CHANNELS.join('|'), description: 'how each customer is asked (required)' },
    name: { type: 'string', valueName: 'NAME', description: "the campaign's name (default: channel and time)" },
    status: { type: 'string', valueName: 'LIST', description: `only customers in these MCA statuses, comma-separated (${MCA_STATUSES.join(', ')})` },
    customer: { type: 'string', multiple: true, valueName: 'ID', description: 'only this customer; repeat for more (up to 1000)' },
  },
  details: [
    'Each matching customer with a representative and no accepted MCA gets one consent request of',
    'the channel; customers with a request under way are skipped, not mailed twice. The campaign is',
    'printed at once (counts grow as its fan-out runs on the workers): follow it with mca campaign watch.',
  ].join('\n'),
  async run(operator, { values }) {
    const partnerId = objectIdOption(values, 'partner');
    const channel = requiredString(values, 'channel');
    if (!(CHANNELS as readonly string[]).includes(channel))
      throw new UsageError(`--channel must be one of ${CHANNELS.join(', ')}, not ${JSON.stringify(channel)}`);
    const mcaStatus = statusOption(values);
    const customerIds = customerOption(values);
    const name = optionalString(values, 'name');
    const body = validate(CreateCampaignBody, {
      channel,
      ...(name !== undefined ? { name } : {}),
      ...(mcaStatus ? { filter: { mcaStatus } } : {}),
      ...(customerIds ? { customerIds } : {}),
    });
    const ctx = await operator.context();
    const partner = await findPartner(ctx, partnerId);
    const view = await presentCampaign(ctx, await createCampaign(ctx, partner._id, body));
    return { json: view, text: `campaign started: ${describeCampaign(view)}` };
  },
};

function statusOption(values: OptionValues): string[] | undefined {
  const given = optionalString(values, 'status');
  if (given === undefined) return undefined;
  const list = given.split(',').map((s) => s.trim());
  const unknown = list.find((s) => !(MCA_STATUSES as readonly string[]).includes(s));
  if (unknown !== undefined) throw new UsageError(`--status: ${JSON.stringify(unknown)} is not an MCA status (${MCA_STATUSES.join(', ')})`);
  return [...new Set(list)];
}

function customerOption(values: OptionValues): string[] | undefined {
  const given = values.customer;
  if (given === undefined) return undefined;
  const list = Array.isArray(given) ? given : [String(given)];
  if (list.length > 1000) throw new UsageError('--customer: at most 1000 customers (use --status for more)');
  return list.map((id) => objectIdOption({ customer: id }, 'customer'));
}
