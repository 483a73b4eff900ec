import type { z } from 'zod';
import type { ConsentRequest, Customer, MicrosoftStanding } from '@mca/shared';
import type { Customer as CustomerDto, ConsentRequest as RequestDto } from '../schemas';

/** Mongo documents -> the contract's JSON shapes. */
export function presentCustomer(c: Customer): z.infer<typeof CustomerDto> {
  return {
    id: c._id.toString(),
    tenantId: c.tenantId,
    name: c.name,
    country: c.country,
    language: c.language,
    mca: {
      status: c.mca.status,
      ...(c.mca.acceptedAt ? { acceptedAt: c.mca.acceptedAt.toISOString() } : {}),
      ...(c.mca.method ? { method: c.mca.method } : {}),
      ...(c.mca.representative ? { representative: stripEmpty(c.mca.representative) } : {}),
      ...(c.mca.requestId ? { requestId: c.mca.requestId.toString() } : {}),
      ...(c.mca.detail ? { detail: c.mca.detail } : {}),
      ...(c.mca.written && c.mca.status !== 'accepted'
        ? { writtenConsent: { method: c.mca.written.method, acceptedAt: c.mca.written.acceptedAt.toISOString() } }
        : {}),
      ...(c.mca.microsoft ? { microsoft: presentMicrosoft(c.mca.microsoft) } : {}),
    },
    ordering: { status: c.ordering.status },
  };
}

export function presentRequest(r: ConsentRequest): z.infer<typeof RequestDto> {
  return {
    id: r._id.toString(),
    customerId: r.customerId.toString(),
    channel: r.channel,
    status: r.status,
    representative: stripEmpty(r.representative),
    language: r.locale,
    history: r.history.map((h) => ({ at: h.at.toISOString(), status: h.status, ...(h.detail ? { detail: h.detail } : {}) })),
    ...(r.lastError ? { lastError: r.lastError } : {}),
    ...(r.messageIds.length ? { messageIds: r.messageIds } : {}),
    ...(r.envelopeId ? { envelopeId: r.envelopeId } : {}),
    ...(r.acceptance
      ? {
          microsoft: {
            acceptanceUrl: r.acceptance.url,
            kind: r.acceptance.kind,
            ...(r.acceptance.kind === 'attestation-link' && r.acceptance.expiresAt ? { expiresAt: r.acceptance.expiresAt.toISOString() } : {}),
            ...(r.nextCheckAt && ['sent', 'needs-review'].includes(r.status) ? { nextCheckAt: r.nextCheckAt.toISOString() } : {}),
          },
        }
      : {}),
  };
}

function presentMicrosoft(m: MicrosoftStanding): NonNullable<z.infer<typeof CustomerDto>['mca']['microsoft']> {
  return m.status === 'accepted'
    ? { status: 'accepted', via: m.via, acceptedAt: m.acceptedAt.toISOString(), checkedAt: m.checkedAt.toISOString() }
    : { status: 'not-accepted', checkedAt: m.checkedAt.toISOString(), detail: m.detail };
}

function stripEmpty<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
}
