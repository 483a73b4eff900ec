import { ListCampaignsQuery, findCampaign, findPartner, listCampaigns, presentCampaign, validate } from '@mca/api';
import { integerOption, objectIdOption } from '../args';
import type { Command } from '../command';
import { textTable } from '../text-table';
import { CAMPAIGN_OPTION, PARTNER_OPTION, describeCampaign, waitingOf } from './campaign-view';

export const campaignList: Command = {
  path: ['campaign', 'list'],
  summary: "list a partner's campaigns, oldest first (as GET /v1/campaigns)",
  options: {
    partner: PARTNER_OPTION,
    limit: { type: 'string', valueName: 'N', description: 'at most N campaigns (default 20, up to 100)' },
    after: { type: 'string', valueName: 'ID', description: 'the ones after this campaign (the page cursor)' },
  },
  details: "With --json the page is the API's: {items, nextCursor}; pass nextCursor as --after for the next page.",
  async run(operator, { values }) {
    const partnerId = objectIdOption(values, 'partner');
    const limit = integerOption(values, 'limit', { min: 1, max: 100, default: 20 });
    const cursor = values.after === undefined ? undefined : objectIdOption(values, 'after');
    const query = validate(ListCampaignsQuery, { limit, ...(cursor ? { cursor } : {}) });
    const ctx = await operator.context();
    const partner = await findPartner(ctx, partnerId);
    const page = await listCampaigns(ctx, partner._id, query);
    const items = await Promise.all(page.items.map((c) => presentCampaign(ctx, c)));
    const text = items.length
      ? textTable(
          ['ID', 'NAME', 'CHANNEL', 'STATUS', 'TOTAL', 'WAITING', 'ACCEPTED', 'CREATED'],
          items.map((c) => [c.id, c.name, c.channel, c.status, String(c.counts.total), String(waitingOf(c.counts)), String(c.counts.accepted), c.createdAt]),
        ) + (page.nextCursor ? `\nmore: --after ${page.nextCursor}` : '')
      : 'no campaigns';
    return { json: { items, nextCursor: page.nextCursor }, text };
  },
};

export const campaignShow: Command = {
  path: ['campaign', 'show'],
  summary: 'show a campaign with its counts (as GET /v1/campaigns/{id})',
  options: { partner: PARTNER_OPTION, campaign: CAMPAIGN_OPTION },
  async run(operator, { values }) {
    const partnerId = objectIdOption(values, 'partner');
    const campaignId = objectIdOption(values, 'campaign');
    const ctx = await operator.context();
    const partner = await findPartner(ctx, partnerId);
    const view = await presentCampaign(ctx, await findCampaign(ctx, partner._id, campaignId));
    return { json: view, text: describeCampaign(view) };
  },
};
