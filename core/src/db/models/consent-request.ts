import { Schema, type Connection, type Types } from 'mongoose';
import type { RequestStatus } from '../../domain';
import { representativeSchema, type Representative } from './customer';
import type { StoredPerson } from '../../vault/representative';

export type Channel = 'email' | 'docusign' | 'microsoft';

export interface HistoryEntry {
  at: Date;
  status: RequestStatus;
  detail?: string;
}

export interface AgreementRef {
  templateId: string;
  country: string;
  language: string;
  title: string;
  url: string;
  sha256: string;
  attached: boolean;
}

/** microsoft channel: where the representative accepts on Microsoft's side. */
export type MicrosoftAcceptanceLink =
  { kind: 'attestation-link'; url: string; attestationId: string; expiresAt?: Date } | { kind: 'admin-center'; url: string };

export interface ConsentRequest {
  _id: Types.ObjectId;
  partnerId: Types.ObjectId;
  customerId: Types.ObjectId;
  channel: Channel;
  status: RequestStatus;
  representative: Representative;
  locale: string;
  /** reply+<token>@REPLY_DOMAIN: the primary way a reply finds its request. */
  replyToken: string;
  /** Every Message-ID we sent for this request (first send, resends): In-Reply-To fallback. */
  messageIds: string[];
  /** How many sends were asked for; the dispatch job id derives from it. */
  sendCount: number;
  /**
   * The random Message-ID of send number `sendCount`, recorded (and added to `messageIds`)
   * before the email leaves: a retried job re-sends the same id, which receivers dedup.
   */
  messageIdOfSend?: { sendCount: number; messageId: string };
  agreement?: AgreementRef;
  /** The plain text we sent: subtracted from replies so a quoted "I accept" never counts. */
  sentText?: string;
  /** docusign channel: the envelope, once created. */
  envelopeId?: string;
  /** docusign channel: set just before the envelope is created; found without envelopeId, a crashed attempt may have created one. */
  envelopeRequestedAt?: Date;
  /** microsoft channel: the link sent, and the Partner Center polling state. */
  acceptance?: MicrosoftAcceptanceLink;
  nextCheckAt?: Date;
  /** Checks made; the check job id derives from it, so a stale or repeated job does nothing. */
  checkCount?: number;
  /** Consecutive failed checks: the poll interval doubles with each (backoff). */
  checkFailures?: number;
  /** When the current send left (the clock of its reminders and expiry). */
  sentAt?: Date;
  /** When the request expires unanswered (REQUEST_EXPIRES_AFTER after the send): the truth the delayed expiry job stands in for. */
  expiresAt?: Date;
  /** Reminders sent for the current send; reminder n is sent once, from remindersSent n-1. */
  remindersSent?: number;
  /** When reminder remindersSent+1 is due; unset when none is. The sweeper recovers a lost delayed job from it. */
  nextReminderAt?: Date;
  /** The Message-ID of reminder `number` of send `sendCount`, recorded (and added to `messageIds`) before it leaves. */
  reminderOfSend?: { sendCount: number; number: number; messageId: string };
  /** Who started it: the partner (over the API or a campaign), or the service under UNLOCK_POLICY=consent+microsoft. */
  origin?: 'partner' | 'unlock-policy' | 'campaign';
  /** The campaign that created it: its counts are counted from these. */
  campaignId?: Types.ObjectId;
  /** Set while its campaign is paused: not sent, and left alone by the sweeper, until resumed. */
  heldByCampaign?: boolean;
  lastError?: string;
  /**
   * Outbox marker: set by the transition the customer's `mca.status` must follow, cleared once it
   * did (consent/customer-follows-request.ts); the sweeper finishes one a crash left behind.
   */
  customerFollowPendingSince?: Date;
  /** The newest HISTORY_LIMIT entries (consent/request-history.ts, its one writer). */
  history: HistoryEntry[];
  /** How many older entries were dropped from `history` to keep it at its limit. */
  historyDropped?: number;
  /** The last `consent.needs_review` the partner was sent, and how many were held back after it. */
  reviewNotices?: { lastAt: Date; lastSubjectKey: string; suppressed?: number };
  createdAt: Date;
  updatedAt: Date;
}

/** What a request is without its people: what code that names nobody takes (a stored or an opened request). */
export type RequestFacts = Omit<ConsentRequest, 'representative' | 'sentText'>;

/** A request as MongoDB holds it: the representative sealed, `sentText` sealed text (core/src/vault/); read through openRequest. */
export type StoredConsentRequest = Omit<ConsentRequest, 'representative'> & { representative: StoredPerson };

const historySchema = new Schema<HistoryEntry>({ at: Date, status: String, detail: String }, { _id: false });

export const consentRequestSchema = new Schema<StoredConsentRequest>(
  {
    partnerId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    channel: { type: String, required: true },
    status: { type: String, required: true },
    representative: { type: representativeSchema, required: true },
    locale: { type: String, required: true },
    replyToken: { type: String, required: true },
    messageIds: { type: [String], default: [] },
    sendCount: { type: Number, default: 1 },
    messageIdOfSend: { type: new Schema({ sendCount: Number, messageId: String }, { _id: false }) },
    agreement: {
      type: new Schema<AgreementRef>(
        { templateId: String, country: String, language: String, title: String, url: String, sha256: String, attached: Boolean },
        { _id: false },
      ),
    },
    sentText: String,
    envelopeId: String,
    envelopeRequestedAt: Date,
    acceptance: {
      type: new Schema({ kind: String, url: String, attestationId: String, expiresAt: Date }, { _id: false }),
    },
    nextCheckAt: Date,
    checkCount: Number,
    checkFailures: Number,
    sentAt: Date,
    expiresAt: Date,
    remindersSent: Number,
    nextReminderAt: Date,
    reminderOfSend: { type: new Schema({ sendCount: Number, number: Number, messageId: String }, { _id: false }) },
    origin: String,
    campaignId: Schema.Types.ObjectId,
    heldByCampaign: Boolean,
    lastError: String,
    customerFollowPendingSince: Date,
    history: { type: [historySchema], default: [] },
    historyDropped: Number,
    reviewNotices: { type: new Schema({ lastAt: Date, lastSubjectKey: String, suppressed: Number }, { _id: false }) },
  },
  { timestamps: true, versionKey: false },
);
// Serves: correlation of a reply by its reply+<token> address.
consentRequestSchema.index({ replyToken: 1 }, { unique: true });
// Serves: correlation by In-Reply-To / References.
consentRequestSchema.index({ messageIds: 1 });
// Serves: finding the request a DocuSign Connect message is about.
consentRequestSchema.index({ envelopeId: 1 });
// Serves: the Partner Center poll's "which microsoft requests are due?".
consentRequestSchema.index({ nextCheckAt: 1 });
// Serves: the sweeper's "which reminders and expiries are due?" (their delayed jobs may be lost).
consentRequestSchema.index({ nextReminderAt: 1 });
consentRequestSchema.index({ expiresAt: 1 });
// Serves: a campaign's counts, its held and unsent requests (top-level equality: indexed on the bundled store too).
consentRequestSchema.index({ campaignId: 1 });
// Serves: the sweeper's "which customers did not follow their request?" (a crash between the two writes).
consentRequestSchema.index({ customerFollowPendingSince: 1 });
// Serves: GET /v1/customers/{id}/consent-requests/{requestId} and "is one active?".
consentRequestSchema.index({ partnerId: 1, customerId: 1, status: 1 });

export const consentRequestModel = (conn: Connection) => conn.model<StoredConsentRequest>('ConsentRequest', consentRequestSchema, 'consent_requests');
