import express, { Router } from 'express';
import type { Context } from '@mca/core';
import { partnerOf, requirePartner } from '../http/auth';
import { rateLimitsFor } from '../http/rate-limits';
import { validate } from '../http/validate';
import { CreateCampaignBody, IdParams, ListCampaignsQuery } from '../schemas';
import { cancelCampaign, createCampaign, findCampaign, listCampaigns, pauseCampaign, presentCampaign, resumeCampaign } from '../use-cases/campaigns';

/**
 * Consent campaigns. Starting one is one `sends` unit of the partner's per-call limit, however
 * many customers it reaches: its emails are paced by the send queues' own limiters
 * (EMAIL_RATE_PER_SECOND, the DocuSign budget), not refused per request.
 */
export function campaignRoutes(ctx: Context): Router {
  const r = Router();
  // 1,000 customer ids fit.
  const json = express.json({ limit: '64kb' });
  const limits = rateLimitsFor(ctx);
  r.use('/v1/campaigns', requirePartner(ctx), limits.limit('calls'));

  r.post('/v1/campaigns', limits.limit('sends'), json, async (req, res) => {
    const campaign = await createCampaign(ctx, partnerOf(req).id, validate(CreateCampaignBody, req.body));
    res
      .status(202)
      .location(`/v1/campaigns/${campaign._id}`)
      .json(await presentCampaign(ctx, campaign));
  });

  r.get('/v1/campaigns', async (req, res) => {
    const page = await listCampaigns(ctx, partnerOf(req).id, validate(ListCampaignsQuery, req.query));
    res.json({ items: await Promise.all(page.items.map((c) => presentCampaign(ctx, c))), nextCursor: page.nextCursor });
  });

  r.get('/v1/campaigns/:id', async (req, res) => {
    const { id } = validate(IdParams, req.params);
    res.json(await presentCampaign(ctx, await findCampaign(ctx, partnerOf(req).id, id)));
  });

  const actions = { pause: pauseCampaign, resume: resumeCampaign, cancel: cancelCampaign } as const;
  for (const [action, run] of Object.entries(actions)) {
    r.post(`/v1/campaigns/:id/${action}`, async (req, res) => {
      const { id } = validate(IdParams, req.params);
      res.json(await presentCampaign(ctx, await run(ctx, partnerOf(req).id, id)));
    });
  }
  return r;
}
