import { cancelCampaign, findPartner, pauseCampaign, presentCampaign, resumeCampaign } from '@mca/api';
import { objectIdOption } from '../args';
import type { Command } from '../command';
import { CAMPAIGN_OPTION, PARTNER_OPTION, describeCampaign } from './campaign-view';

type Action = typeof pauseCampaign;

/** pause, resume, cancel: one use case each, the same as POST /v1/campaigns/{id}/{verb}. */
function campaignAction(verb: string, done: string, run: Action, summary: string, details: string): Command {
  return {
    path: ['campaign', verb],
    summary,
    options: { partner: PARTNER_OPTION, campaign: CAMPAIGN_OPTION },
    details,
    async run(operator, { values }) {
      const partnerId = objectIdOption(values, 'partner');
      const campaignId = objectIdOption(values, 'campaign');
      const ctx = await operator.context();
      const partner = await findPartner(ctx, partnerId);
      const view = await presentCampaign(ctx, await run(ctx, partner._id, campaignId));
      return { json: view, text: `campaign ${done}: ${describeCampaign(view)}` };
    },
  };
}

export const campaignPause = campaignAction(
  'pause',
  'paused',
  pauseCampaign,
  'pause a running campaign: requests not yet sent are held (as POST /v1/campaigns/{id}/pause)',
  'Requests already sent stay open. A campaign that is not running is refused (exit 1).',
);
export const campaignResume = campaignAction(
  'resume',
  'resumed',
  resumeCampaign,
  'resume a paused campaign: what the pause held is sent (as POST /v1/campaigns/{id}/resume)',
  'A campaign that is not paused is refused (exit 1).',
);
export const campaignCancel = campaignAction(
  'cancel',
  'cancelled',
  cancelCampaign,
  'cancel a campaign: nothing more is sent, its counts freeze (as POST /v1/campaigns/{id}/cancel)',
  'Unsent requests are cancelled; requests already sent stay open (an answer still counts for the customer).',
);
