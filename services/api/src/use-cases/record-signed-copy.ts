import type { Types } from 'mongoose';
import type { z } from 'zod';
import { AppError } from '@mca/platform';
import { discardEvidence, recordConsent, storeEvidence, type Context } from '@mca/core';
import type { SignedCopyFields } from '../schemas';
import { cancelRequest } from './consent-requests';
import { findCustomer } from './customers';

export interface EvidenceUpload {
  fileName: string;
  buffer: Buffer;
}

/** What the file's first bytes say it is; the client's Content-Type is not trusted. */
export function sniffEvidenceType(buf: Buffer): 'application/pdf' | 'image/png' | 'image/jpeg' | null {
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  return null;
}

/**
 * A signed copy: a consent the partner collected on paper, uploaded as a scan. The scan is stored
 * and hashed, the consent is recorded as method `attestation` (the contract's name for it), and
 * the tenant goes to the unlock queue like any other.
 */
export async function recordSignedCopy(
  ctx: Context,
  partnerId: Types.ObjectId,
  customerId: string,
  fields: z.infer<typeof SignedCopyFields>,
  file: EvidenceUpload | undefined,
) {
  const customer = await findCustomer(ctx, partnerId, customerId);
  if (customer.mca.status === 'accepted') {
    throw new AppError('MCA_ALREADY_ACCEPTED', 'this customer has already accepted the Microsoft Customer Agreement');
  }
  if (!file || file.buffer.length === 0) throw new AppError('VALIDATION_FAILED', 'evidence: a PDF, PNG or JPEG file is required');
  const contentType = sniffEvidenceType(file.buffer);
  if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'evidence must be a PDF, PNG or JPEG file');
  const dateAgreed = new Date(fields.dateAgreed);
  if (dateAgreed.getTime() > ctx.now().getTime() + 60_000) {
    throw new AppError('VALIDATION_FAILED', 'dateAgreed: the date of consent cannot be in the future');
  }

  const stored = await storeEvidence(ctx, {
    partnerId,
    customerId: customer._id,
    fileName: file.fileName,
    contentType,
    data: file.buffer,
  });
  const { sha256 } = stored;
  const { record, created } = await recordConsent(ctx, {
    partnerId,
    customerId: customer._id,
    tenantId: customer.tenantId,
    method: 'attestation',
    representative: { firstName: fields.firstName, lastName: fields.lastName, email: fields.email, phone: fields.phone },
    dateAgreed,
    evidence: { kind: 'attestation', evidenceFileId: stored.evidenceFileId, fileName: file.fileName, contentType, size: file.buffer.length, sha256 },
    via: 'api',
  });
  if (!created) {
    await discardEvidence(ctx.models, stored.evidenceFileId);
    throw new AppError('MCA_ALREADY_ACCEPTED', 'this customer has already accepted the Microsoft Customer Agreement');
  }
  // Ends the customer's live request (any channel; a DocuSign envelope is voided): the paper consent answered it.
  if (customer.mca.requestId) await cancelRequest(ctx, customer.mca.requestId, 'consent recorded from a signed copy');
  return {
    id: record._id.toString(),
    customerId: customer._id.toString(),
    method: record.method,
    representative: record.representative,
    dateAgreed: record.dateAgreed.toISOString(),
    evidence: { kind: 'attestation', sha256, contentType, size: file.buffer.length },
  };
}
