import type { z } from 'zod';
import {
  CHECKED_WITH_MICROSOFT,
  EXPIRABLE_STATUSES,
  REMINDABLE_STATUSES,
  requestHistoryOfChain,
  shownRepresentative,
  type ConsentEvidence,
  type Context,
  type ShownHistory,
  type ConsentRecord,
  type ConsentRequest,
  type Customer,
  type MicrosoftStanding,
} from '@mca/core';
import type { ConsentRecordView, Customer as CustomerDto, ConsentRequest as RequestDto } from '../schemas';
import { documentsOf } from './consent-evidence';

/** Mongo documents -> the contract's JSON shapes. */
export function presentCustomer(c: Customer): z.infer<typeof CustomerDto> {
  return {
    id: c._id.toString(),
    tenantId: c.tenantId,
    name: c.name,
    country: c.country,
    language: c.language,
    confidential: c.confidential === true,
    ...(c.representative ? { representative: stripEmpty(c.representative) } : {}),
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
    ...(c.personalDataErasedAt ? { personalDataErasedAt: c.personalDataErasedAt.toISOString() } : {}),
  };
}

/** A request as the API answers it: its `history` read from the audit chain (requestHistoryOfChain). */
export async function presentRequestOf(ctx: Context, r: ConsentRequest): Promise<z.infer<typeof RequestDto>> {
  return presentRequest(r, await requestHistoryOfChain(ctx, r));
}

/** `shown` defaults to the stored history: only for callers that hold no context. */
export function presentRequest(r: ConsentRequest, shown: ShownHistory = { history: r.history, historyDropped: r.historyDropped }): z.infer<typeof RequestDto> {
  return {
    id: r._id.toString(),
    customerId: r.customerId.toString(),
    channel: r.channel,
    status: r.status,
    representative: stripEmpty(r.representative),
    language: r.locale,
    history: shown.history.map((h) => ({ at: h.at.toISOString(), status: h.status, ...(h.detail ? { detail: h.detail } : {}) })),
    ...(shown.historyDropped ? { historyDropped: shown.historyDropped } : {}),
    ...(r.lastError ? { lastError: r.lastError } : {}),
    ...(r.messageIds.length ? { messageIds: r.messageIds } : {}),
    ...(r.envelopeId ? { envelopeId: r.envelopeId } : {}),
    ...(r.expiresAt && EXPIRABLE_STATUSES.includes(r.status) ? { expiresAt: r.expiresAt.toISOString() } : {}),
    ...(r.remindersSent ? { remindersSent: r.remindersSent } : {}),
    ...(r.nextReminderAt && REMINDABLE_STATUSES.includes(r.status) ? { nextReminderAt: r.nextReminderAt.toISOString() } : {}),
    ...(r.acceptance
      ? {
          microsoft: {
            acceptanceUrl: r.acceptance.url,
            kind: r.acceptance.kind,
            ...(r.acceptance.kind === 'attestation-link' && r.acceptance.expiresAt ? { expiresAt: r.acceptance.expiresAt.toISOString() } : {}),
            ...(r.nextCheckAt && CHECKED_WITH_MICROSOFT.includes(r.status) ? { nextCheckAt: r.nextCheckAt.toISOString() } : {}),
          },
        }
      : {}),
  };
}

export function presentConsentRecord(r: ConsentRecord): z.infer<typeof ConsentRecordView> {
  const base = `/v1/customers/${r.customerId.toString()}/consent-records/${r._id.toString()}/documents`;
  const representative = shownRepresentative(r);
  return {
    id: r._id.toString(),
    customerId: r.customerId.toString(),
    layer: r.layer,
    method: r.method,
    ...(representative ? { representative: stripEmpty(representative) } : {}),
    dateAgreed: r.dateAgreed.toISOString(),
    recordedAt: r.createdAt.toISOString(),
    ...(r.requestId ? { requestId: r.requestId.toString() } : {}),
    ...(r.agreement
      ? {
          agreement: {
            templateId: r.agreement.templateId,
            country: r.agreement.country,
            language: r.agreement.language,
            title: r.agreement.title,
            url: r.agreement.url,
            sha256: r.agreement.sha256,
          },
        }
      : {}),
    evidence: {
      kind: r.evidence.kind,
      summary: evidenceSummary(r.evidence),
      documents: documentsOf(r.evidence).map((d) => ({ ...d, url: `${base}/${d.name}` })),
    },
  };
}

/** The evidence's facts without its bulk (the documents have their own URLs). */
function evidenceSummary(e: ConsentEvidence): Record<string, unknown> {
  switch (e.kind) {
    case 'email':
      return { messageId: e.messageId, authentication: e.authentication, replyText: e.replyText, classification: e.classification };
    case 'attestation':
      return { fileName: e.fileName };
    case 'docusign':
      return { envelopeId: e.envelopeId, signer: { ...e.signer, signedAt: e.signer.signedAt.toISOString() } };
    case 'microsoft':
      return {
        via: e.via,
        checkedAt: e.checkedAt.toISOString(),
        ...(e.attestationId ? { attestationId: e.attestationId } : {}),
        // Who Microsoft says accepted, or 'not reported'.
        ...(e.signatory ? { signatory: typeof e.signatory === 'string' ? e.signatory : stripEmpty(e.signatory) } : {}),
      };
  }
}

function presentMicrosoft(m: MicrosoftStanding): NonNullable<z.infer<typeof CustomerDto>['mca']['microsoft']> {
  return m.status === 'accepted'
    ? { status: 'accepted', via: m.via, acceptedAt: m.acceptedAt.toISOString(), checkedAt: m.checkedAt.toISOString() }
    : { status: 'not-accepted', checkedAt: m.checkedAt.toISOString(), detail: m.detail };
}

/** Also drops '': what an erased person's fields open to. */
function stripEmpty<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;
}
