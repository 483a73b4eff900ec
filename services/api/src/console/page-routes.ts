import { Readable } from 'node:stream';
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { AppError } from '@mca/platform';
import { MCA_STATUSES, type Context, type McaStatus } from '@mca/core';
import { partnerOf } from '../http/auth';
import { readerOf } from '../http/reader';
import { rateLimitsFor } from '../http/rate-limits';
import { validate } from '../http/validate';
import { SignedCopyFields, CreateConsentRequestBody, DOCUMENT_NAMES, ReviewDecisionBody } from '../schemas';
import { browseCustomers, countByStatus } from '../use-cases/browse-customers';
import { readConsentDocument } from '../use-cases/consent-evidence';
import { cancelConsentRequest, createConsentRequest, resendConsentRequest } from '../use-cases/consent-requests';
import { customerOverview } from '../use-cases/customer-overview';
import { findCampaign } from '../use-cases/campaigns';
import { findCustomer } from '../use-cases/customers';
import { importCustomers } from '../use-cases/import-customers';
import { recordSignedCopy } from '../use-cases/record-signed-copy';
import { reviewConsentRequest } from '../use-cases/review-consent-request';
import { buildEvidencePack } from '../use-cases/evidence-pack/build-evidence-pack';
import { recordRead, recordReads } from '../use-cases/record-reads';
import { formBody, requireConsolePartner, requireCsrf } from './auth-routes';
import { errorPage } from './error-page';
import type { Html } from './html';
import { confirmPage } from './pages/confirm';
import { customerPage } from './pages/customer';
import { customersPage } from './pages/customers';
import { importPage } from './pages/import';

const PAGE_SIZE = 50;
const OBJECT_ID = /^[a-f0-9]{24}$/i;

const send = (res: Response, body: Html, status = 200) => res.status(status).type('html').send(String(body));
const frameOf = (req: Request) => ({ partner: { name: partnerOf(req).name, csrf: req.consoleSession?.csrf ?? '' } });
const param = (req: Request, name: string) => {
  const v = String(req.params[name] ?? '');
  if (!OBJECT_ID.test(v)) throw new AppError('NOT_FOUND', 'not found');
  return v;
};

/** The signed-in console: each handler calls the same use case as its API route. */
export function consolePageRoutes(ctx: Context): Router {
  const r = Router();
  const limits = rateLimitsFor(ctx);
  const signedIn = [requireConsolePartner(ctx), limits.limit('calls')];
  const upload = (field: string, maxBytes: number) =>
    multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 12, fieldSize: 2048 } }).single(field);
  const attestationUpload = upload('evidence', ctx.config.MAX_EVIDENCE_BYTES);
  const csvUpload = upload('file', ctx.config.MAX_IMPORT_BYTES);
  const multipart = (mw: ReturnType<typeof upload>) => (req: Request, res: Response, next: NextFunction) => {
    mw(req, res, (err: unknown) => (err ? next(new AppError('PAYLOAD_TOO_LARGE', (err as Error).message)) : next()));
  };

  r.use(['/customers', '/import'], ...signedIn);
  // Another partner's customer is 404 before any route reads a body or acts.
  r.param('id', (req, _res, next, id: string) => {
    if (!OBJECT_ID.test(id)) return next(new AppError('NOT_FOUND', 'customer not found'));
    findCustomer(ctx, partnerOf(req).id, id).then(() => next(), next);
  });

  r.get('/customers', async (req, res) => {
    const status = MCA_STATUSES.includes(req.query.status as McaStatus) ? (req.query.status as McaStatus) : undefined;
    const search = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : undefined;
    const cursor = typeof req.query.cursor === 'string' && OBJECT_ID.test(req.query.cursor) ? req.query.cursor : undefined;
    const partnerId = partnerOf(req).id;
    const [counts, pageOf] = await Promise.all([countByStatus(ctx, partnerId), browseCustomers(ctx, partnerId, { status, search, cursor, limit: PAGE_SIZE })]);
    await recordReads(
      ctx,
      readerOf(req),
      'console:customer-list',
      pageOf.rows.map((row) => row.customer),
    );
    send(res, customersPage({ frame: frameOf(req), counts, rows: pageOf.rows, nextCursor: pageOf.nextCursor, query: { status, search, cursor } }));
  });

  const showCustomer = async (req: Request, res: Response, extra: { flash?: string; error?: string; status?: number } = {}) => {
    const overview = await customerOverview(ctx, partnerOf(req).id, param(req, 'id'));
    await recordRead(ctx, readerOf(req), 'console:customer-page', overview.customer);
    const flash = typeof req.query.done === 'string' ? req.query.done : extra.flash;
    const campaignId = overview.current?.campaignId;
    const campaign = campaignId ? await findCampaign(ctx, partnerOf(req).id, campaignId.toString()) : undefined;
    const shown = campaign ? { id: campaign._id.toString(), name: campaign.name } : undefined;
    send(res, customerPage({ frame: frameOf(req), overview, campaign: shown, flash, error: extra.error }), extra.status);
  };
  r.get('/customers/:id', (req, res) => showCustomer(req, res));

  /** Runs an action; a refusal (409, 422, …) shows the customer page again with its reason. */
  const action = (flash: string, run: (req: Request, id: string) => Promise<unknown>) => async (req: Request, res: Response) => {
    const id = param(req, 'id');
    try {
      await run(req, id);
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 404 || err.status >= 500) throw err;
      return showCustomer(req, res, { error: err.message, status: err.status });
    }
    res.redirect(303, `/customers/${id}?done=${flash}`);
  };

  r.get('/customers/:id/confirm', async (req, res) => {
    send(res, confirmPage(frameOf(req), await findCustomer(ctx, partnerOf(req).id, param(req, 'id')), {}));
  });
  r.post('/customers/:id/consent-requests', formBody, requireCsrf, limits.limit('sends'), async (req, res) => {
    const id = param(req, 'id');
    const f = (req.body ?? {}) as Record<string, string>;
    try {
      const body = validate(CreateConsentRequestBody, {
        channel: f.channel,
        representative: { firstName: f.firstName, lastName: f.lastName, email: f.email, ...(f.phone ? { phone: f.phone } : {}) },
      });
      await createConsentRequest(ctx, partnerOf(req).id, id, body);
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 404 || err.status >= 500) throw err;
      return send(res, confirmPage(frameOf(req), await findCustomer(ctx, partnerOf(req).id, id), f, err.message), err.status);
    }
    res.redirect(303, `/customers/${id}?done=sent`);
  });
  r.post(
    '/customers/:id/requests/:requestId/resend',
    formBody,
    requireCsrf,
    limits.limit('sends'),
    action('resent', (req, id) => resendConsentRequest(ctx, partnerOf(req).id, id, param(req, 'requestId'))),
  );
  r.post(
    '/customers/:id/requests/:requestId/cancel',
    formBody,
    requireCsrf,
    action('cancelled', (req, id) => cancelConsentRequest(ctx, partnerOf(req).id, id, param(req, 'requestId'))),
  );
  r.post('/customers/:id/requests/:requestId/review', formBody, requireCsrf, async (req, res) => {
    const decision = req.body?.decision === 'accept' ? 'accepted' : 'rejected';
    return action(decision, (rq, id) =>
      reviewConsentRequest(
        ctx,
        partnerOf(rq).id,
        id,
        param(rq, 'requestId'),
        validate(ReviewDecisionBody, { decision: rq.body?.decision, note: rq.body?.note }),
      ),
    )(req, res);
  });
  r.post(
    '/customers/:id/attestations',
    multipart(attestationUpload),
    requireCsrf,
    action('uploaded', (req, id) => {
      const f = (req.body ?? {}) as Record<string, string>;
      const fields = validate(SignedCopyFields, {
        firstName: f.firstName,
        lastName: f.lastName,
        email: f.email,
        ...(f.phone ? { phone: f.phone } : {}),
        dateAgreed: f.dateAgreed,
      });
      const file = req.file ? { fileName: req.file.originalname, buffer: req.file.buffer } : undefined;
      return recordSignedCopy(ctx, partnerOf(req).id, id, fields, file);
    }),
  );

  r.get('/customers/:id/records/:recordId/documents/:name', async (req, res) => {
    const name = DOCUMENT_NAMES.find((n) => n === req.params.name);
    if (!name) throw new AppError('NOT_FOUND', 'no such document');
    const doc = await readConsentDocument(ctx, readerOf(req), partnerOf(req).id, param(req, 'id'), param(req, 'recordId'), name);
    res.type(doc.contentType).attachment(doc.fileName).set('Cache-Control', 'private, no-store').send(doc.data);
  });

  // Under /customers, so the session check above applies as to the documents; the pack's own read is in the chain.
  r.get('/customers/:id/evidence-pack', async (req, res) => {
    const pack = await buildEvidencePack(ctx, readerOf(req), partnerOf(req).id, param(req, 'id'));
    res.type('application/zip').attachment(pack.fileName).set('Cache-Control', 'private, no-store').send(pack.data);
  });

  r.get('/import', (req, res) => send(res, importPage({ frame: frameOf(req) })));
  r.post('/import', multipart(csvUpload), requireCsrf, async (req, res) => {
    const dryRun = req.body?.mode !== 'import';
    if (!req.file) return send(res, importPage({ frame: frameOf(req), error: 'Choose a CSV file.' }), 400);
    try {
      const outcome = await importCustomers(ctx, partnerOf(req).id, Readable.from([req.file.buffer]), { dryRun });
      send(res, importPage({ frame: frameOf(req), result: { dryRun, outcome } }));
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      send(res, importPage({ frame: frameOf(req), error: err.message }), err.status);
    }
  });

  return r;
}

/** Console errors are pages, not problem documents. */
export function consoleErrors(ctx: Context) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    // A script with a bearer key, or one asking for JSON (campaign-progress.js), gets the API's problem documents.
    if (res.headersSent || req.consoleBearer || req.accepts(['html', 'json']) === 'json') return next(err);
    const status = err instanceof AppError ? err.status : 500;
    if (status >= 500) ctx.logger.error({ err, path: req.path }, 'console error');
    const frame = req.consoleSession && req.partner ? frameOf(req) : {};
    send(res, errorPage(status, frame, err instanceof AppError && status < 500 && status !== 404 ? err.message : undefined), status);
  };
}
