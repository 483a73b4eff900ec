import express, { Router } from 'express';
import multer from 'multer';
import { AppError } from '@mca/platform';
import type { Context } from '@mca/core';
import { partnerOf, requirePartner } from '../http/auth';
import { readerOf } from '../http/reader';
import { rateLimitsFor } from '../http/rate-limits';
import { validate } from '../http/validate';
import {
  SignedCopyFields,
  CreateConsentRequestBody,
  CreateCustomerBody,
  DocumentParams,
  IdParams,
  ImportCustomersQuery,
  ListCustomersQuery,
  ListAuditEventsQuery,
  ListEventsQuery,
  RequestParams,
  ReviewDecisionBody,
} from '../schemas';
import { cancelConsentRequest, createConsentRequest, getConsentRequest, resendConsentRequest } from '../use-cases/consent-requests';
import { createCustomer, findCustomer, listCustomers } from '../use-cases/customers';
import { listConsentRecords, readConsentDocument } from '../use-cases/consent-evidence';
import { presentConsentRecord, presentCustomer, presentRequestOf } from '../use-cases/present';
import { recordSignedCopy } from '../use-cases/record-signed-copy';
import { listEvents } from '../use-cases/list-events';
import { importCustomers } from '../use-cases/import-customers';
import { writeConsentReport } from '../use-cases/consent-report';
import { reviewConsentRequest } from '../use-cases/review-consent-request';
import { buildEvidencePack } from '../use-cases/evidence-pack/build-evidence-pack';
import { listAuditEvents } from '../use-cases/audit-events';
import { recordRead, recordReads } from '../use-cases/record-reads';
import { eraseCustomerPersonalData } from '../use-cases/erase-customer';

/** The partner API: thin glue from HTTP to one use case each. */
export function partnerRoutes(ctx: Context): Router {
  const r = Router();
  const json = express.json({ limit: '32kb' });
  const limits = rateLimitsFor(ctx);
  r.use('/v1/customers', requirePartner(ctx), limits.limit('calls'));
  r.use('/v1/events', requirePartner(ctx), limits.limit('calls'));
  r.use('/v1/reports', requirePartner(ctx), limits.limit('calls'));

  // POST /v1/orders/authorize: order-routes.ts, mounted ahead of every other router.
  r.use('/v1/orders', requirePartner(ctx), limits.limit('calls'));

  r.post('/v1/customers', json, async (req, res) => {
    const customer = await createCustomer(ctx, partnerOf(req).id, validate(CreateCustomerBody, req.body));
    res.status(201).location(`/v1/customers/${customer._id}`).json(presentCustomer(customer));
  });

  // The whole file is one call on the `calls` budget, however many rows it holds.
  r.post('/v1/customers/import', async (req, res) => {
    const { dryRun } = validate(ImportCustomersQuery, req.query);
    if (!req.is('text/csv')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the file as Content-Type: text/csv (UTF-8)');
    const charset = /charset=([^;\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
    if (charset && !/^utf-?8$/i.test(charset.replace(/"/g, ''))) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `the file must be UTF-8, not ${charset}`);
    // An announced size over the limit is refused before a byte is read; the rest is counted as it streams.
    if (Number(req.headers['content-length'] ?? 0) > ctx.config.MAX_IMPORT_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `the file is larger than ${ctx.config.MAX_IMPORT_BYTES} bytes, this deployment's import limit`);
    }
    res.json(await importCustomers(ctx, partnerOf(req).id, req, { dryRun }));
  });

  r.get('/v1/customers', async (req, res) => {
    const page = await listCustomers(ctx, partnerOf(req).id, validate(ListCustomersQuery, req.query));
    await recordReads(ctx, readerOf(req), 'customer-list', page.items);
    res.json({ items: page.items.map(presentCustomer), nextCursor: page.nextCursor });
  });

  r.get('/v1/customers/:id', async (req, res) => {
    const { id } = validate(IdParams, req.params);
    const customer = await findCustomer(ctx, partnerOf(req).id, id);
    await recordRead(ctx, readerOf(req), 'customer', customer);
    res.json(presentCustomer(customer));
  });

  r.delete('/v1/customers/:id/personal-data', async (req, res) => {
    const { id } = validate(IdParams, req.params);
    await eraseCustomerPersonalData(ctx, partnerOf(req).id, id, `partner ${partnerOf(req).id.toString()}`);
    res.status(204).end();
  });

  r.post('/v1/customers/:id/consent-requests', limits.limit('sends'), json, async (req, res) => {
    const { id } = validate(IdParams, req.params);
    const request = await createConsentRequest(ctx, partnerOf(req).id, id, validate(CreateConsentRequestBody, req.body));
    res
      .status(202)
      .location(`/v1/customers/${id}/consent-requests/${request._id}`)
      .json(await presentRequestOf(ctx, request));
  });

  r.get('/v1/customers/:id/consent-requests/:requestId', async (req, res) => {
    const { id, requestId } = validate(RequestParams, req.params);
    const request = await getConsentRequest(ctx, partnerOf(req).id, id, requestId);
    await recordRead(ctx, readerOf(req), `consent-request:${requestId}`, request);
    res.json(await presentRequestOf(ctx, request));
  });

  r.post('/v1/customers/:id/consent-requests/:requestId/cancel', async (req, res) => {
    const { id, requestId } = validate(RequestParams, req.params);
    res.json(await presentRequestOf(ctx, await cancelConsentRequest(ctx, partnerOf(req).id, id, requestId)));
  });

  r.post('/v1/customers/:id/consent-requests/:requestId/resend', limits.limit('sends'), async (req, res) => {
    const { id, requestId } = validate(RequestParams, req.params);
    res.status(202).json(await presentRequestOf(ctx, await resendConsentRequest(ctx, partnerOf(req).id, id, requestId)));
  });

  r.post('/v1/customers/:id/consent-requests/:requestId/review', json, async (req, res) => {
    const { id, requestId } = validate(RequestParams, req.params);
    res.json(await presentRequestOf(ctx, await reviewConsentRequest(ctx, partnerOf(req).id, id, requestId, validate(ReviewDecisionBody, req.body))));
  });

  r.get('/v1/customers/:id/consent-records', async (req, res) => {
    const { id } = validate(IdParams, req.params);
    const records = await listConsentRecords(ctx, partnerOf(req).id, id);
    // The list is read (and so shown, even empty) once the customer is found to be the partner's.
    await recordRead(ctx, readerOf(req), 'consents', { customerId: id, partnerId: partnerOf(req).id });
    res.json({ items: records.map(presentConsentRecord) });
  });

  r.get('/v1/customers/:id/consent-records/:recordId/documents/:name', async (req, res) => {
    const { id, recordId, name } = validate(DocumentParams, req.params);
    const doc = await readConsentDocument(ctx, readerOf(req), partnerOf(req).id, id, recordId, name);
    res
      .type(doc.contentType)
      .attachment(doc.fileName)
      // RFC 9530: the client can check what it got against the hash the consent record holds.
      .set('Repr-Digest', `sha-256=:${Buffer.from(doc.sha256, 'hex').toString('base64')}:`)
      .set('Cache-Control', 'private, no-store')
      .send(doc.data);
  });

  r.get('/v1/customers/:id/evidence-pack', async (req, res) => {
    const { id } = validate(IdParams, req.params);
    const pack = await buildEvidencePack(ctx, readerOf(req), partnerOf(req).id, id);
    res.type('application/zip').attachment(pack.fileName).set('Cache-Control', 'private, no-store').send(pack.data);
  });

  r.get('/v1/customers/:id/audit-events', async (req, res) => {
    const { id } = validate(IdParams, req.params);
    res.json(await listAuditEvents(ctx, partnerOf(req).id, id, validate(ListAuditEventsQuery, req.query)));
  });

  r.get('/v1/reports/consents.csv', async (req, res) => {
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="consents-${ctx.now().toISOString().slice(0, 10)}.csv"`)
      .set('Cache-Control', 'private, no-store');
    try {
      await writeConsentReport(ctx, readerOf(req), partnerOf(req).id, res);
    } catch (err) {
      if (!res.headersSent) throw err;
      // Half a report must not pass for a whole one: the connection is cut, not ended.
      if (!res.destroyed) ctx.logger.error({ err, path: req.path }, 'consent report failed while streaming');
      res.destroy();
    }
  });

  r.get('/v1/events', async (req, res) => {
    res.json(await listEvents(ctx, partnerOf(req).id, validate(ListEventsQuery, req.query)));
  });

  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: ctx.config.MAX_EVIDENCE_BYTES, files: 1, fields: 10, fieldSize: 1024 },
  }).single('evidence');
  // `/attestations` is the path's first name, kept as an alias for the clients that use it.
  r.post(['/v1/customers/:id/signed-copies', '/v1/customers/:id/attestations'], async (req, res) => {
    const { id } = validate(IdParams, req.params);
    if (!req.is('multipart/form-data')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send multipart/form-data with an `evidence` file');
    await new Promise<void>((resolve, reject) => upload(req, res, (err: unknown) => (err ? reject(multerError(err)) : resolve())));
    const fields = validate(SignedCopyFields, { ...req.body });
    const file = req.file ? { fileName: req.file.originalname, buffer: req.file.buffer } : undefined;
    res.status(201).json(await recordSignedCopy(ctx, partnerOf(req).id, id, fields, file));
  });

  return r;
}

const MULTIPART_SIZE_LIMITS = new Set(['LIMIT_PART_COUNT', 'LIMIT_FILE_COUNT', 'LIMIT_FIELD_KEY', 'LIMIT_FIELD_VALUE', 'LIMIT_FIELD_COUNT']);

function multerError(err: unknown): AppError {
  const e = err as { code?: string; message?: string };
  if (e.code === 'LIMIT_FILE_SIZE') return new AppError('PAYLOAD_TOO_LARGE', 'evidence file is too large');
  // The other size limits (field length, field, file or part count) answer 413 like the file.
  if (e.code && MULTIPART_SIZE_LIMITS.has(e.code)) return new AppError('PAYLOAD_TOO_LARGE', `multipart body: ${e.message ?? 'too large'}`);
  return new AppError('VALIDATION_FAILED', `multipart body: ${e.message ?? 'invalid'}`);
}
