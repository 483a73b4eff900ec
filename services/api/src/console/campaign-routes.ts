import { Router, type Request, type Response } from 'express';
import { AppError } from '@mca/platform';
import type { Context } from '@mca/core';
import { partnerOf } from '../http/auth';
import { rateLimitsFor } from '../http/rate-limits';
import { validate } from '../http/validate';
import { CreateCampaignBody } from '../schemas';
import { cancelCampaign, createCampaign, findCampaign, pauseCampaign, presentCampaign, recentCampaigns, resumeCampaign } from '../use-cases/campaigns';
import { channelAvailable } from '../use-cases/consent-requests';
import { formBody, requireConsolePartner, requireCsrf } from './auth-routes';
import { progressDocument } from './campaign-progress';
import type { Html } from './html';
import { campaignPage } from './pages/campaign';
import { campaignsPage, type CampaignChannel, type CampaignFormValues } from './pages/campaigns';

const PAGE_SIZE = 20;
const OBJECT_ID = /^[a-f0-9]{24}$/i;
const CHANNELS: CampaignChannel[] = ['email', 'docusign', 'microsoft'];

const send = (res: Response, body: Html, status = 200) => res.status(status).type('html').send(String(body));
const frameOf = (req: Request) => ({ partner: { name: partnerOf(req).name, csrf: req.consoleSession?.csrf ?? '' } });
/** A form field sent once or repeated (checkboxes), as a list. */
const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((s): s is string => typeof s === 'string');

/** The console's campaigns: the same use cases as /v1/campaigns, as pages, forms and one JSON endpoint for the live bar. */
export function consoleCampaignRoutes(ctx: Context): Router {
  const r = Router();
  const limits = rateLimitsFor(ctx);
  r.use('/campaigns', requireConsolePartner(ctx), limits.limit('calls'));
  // Another partner's campaign is 404 before any route acts.
  r.param('id', (req, _res, next, id: string) => {
    if (!OBJECT_ID.test(id)) return next(new AppError('NOT_FOUND', 'campaign not found'));
    findCampaign(ctx, partnerOf(req).id, id).then(() => next(), next);
  });

  const available = () => Object.fromEntries(CHANNELS.map((ch) => [ch, channelAvailable(ctx, ch)])) as Record<CampaignChannel, boolean>;
  const showList = async (req: Request, res: Response, form: { values: CampaignFormValues; error?: string; status?: number }) => {
    const before = typeof req.query.before === 'string' && OBJECT_ID.test(req.query.before) ? req.query.before : undefined;
    const pageOf = await recentCampaigns(ctx, partnerOf(req).id, { before, limit: PAGE_SIZE });
    const rows = await Promise.all(pageOf.items.map((c) => presentCampaign(ctx, c)));
    send(
      res,
      campaignsPage({
        frame: frameOf(req),
        rows,
        cursor: before,
        nextCursor: pageOf.nextCursor,
        available: available(),
        values: form.values,
        error: form.error,
      }),
      form.status,
    );
  };

  // `?channel=email&status=not-requested` fills the form in (the import page links here so).
  r.get('/campaigns', (req, res) => showList(req, res, { values: { channel: list(req.query.channel)[0], mcaStatus: list(req.query.status) } }));

  r.post('/campaigns', formBody, requireCsrf, limits.limit('sends'), async (req, res) => {
    const f = (req.body ?? {}) as Record<string, unknown>;
    const values: CampaignFormValues = { name: list(f.name)[0], channel: list(f.channel)[0], mcaStatus: list(f.mcaStatus) };
    let id: string;
    try {
      const body = validate(CreateCampaignBody, {
        channel: values.channel,
        ...(values.name?.trim() ? { name: values.name } : {}),
        ...(values.mcaStatus?.length ? { filter: { mcaStatus: values.mcaStatus } } : {}),
      });
      id = (await createCampaign(ctx, partnerOf(req).id, body))._id.toString();
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      return showList(req, res, { values, error: err.message, status: err.status });
    }
    res.redirect(303, `/campaigns/${id}?done=started`);
  });

  const show = async (req: Request, res: Response, extra: { error?: string; status?: number } = {}) => {
    const campaign = await presentCampaign(ctx, await findCampaign(ctx, partnerOf(req).id, String(req.params.id)));
    const flash = typeof req.query.done === 'string' ? req.query.done : undefined;
    send(res, campaignPage({ frame: frameOf(req), campaign, flash, error: extra.error }), extra.status);
  };
  r.get('/campaigns/:id', (req, res) => show(req, res));

  // What campaign-progress.js polls; a client asking for JSON gets its errors as problem documents too (consoleErrors).
  r.get('/campaigns/:id/progress', async (req, res) => {
    const campaign = await presentCampaign(ctx, await findCampaign(ctx, partnerOf(req).id, String(req.params.id)));
    res.json(progressDocument(campaign));
  });

  const actions = { pause: [pauseCampaign, 'paused'], resume: [resumeCampaign, 'resumed'], cancel: [cancelCampaign, 'cancelled'] } as const;
  for (const [action, [run, flash]] of Object.entries(actions)) {
    r.post(`/campaigns/:id/${action}`, formBody, requireCsrf, async (req, res) => {
      const id = String(req.params.id);
      try {
        await run(ctx, partnerOf(req).id, id);
      } catch (err) {
        // Refused (already paused, ended, …): the page again, with the reason.
        if (!(err instanceof AppError) || err.status === 404 || err.status >= 500) throw err;
        return show(req, res, { error: err.message, status: err.status });
      }
      res.redirect(303, `/campaigns/${id}?done=${flash}`);
    });
  }
  return r;
}
