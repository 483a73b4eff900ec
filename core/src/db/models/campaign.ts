import { Schema, type Connection, type Types } from 'mongoose';
import type { Channel } from './consent-request';

export const CAMPAIGN_STATUSES = ['running', 'paused', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** The counts a campaign shows (the contract's, plus `cancelled` so they add up to `total`). */
export interface CampaignCounts {
  total: number;
  queued: number;
  sent: number;
  accepted: number;
  declined: number;
  bounced: number;
  needsReview: number;
  expired: number;
  failed: number;
  cancelled: number;
  skipped: number;
}

/**
 * One consent campaign: which customers (`filter`, `customerIds`), which channel, where the
 * fan-out stands. Its counts are not kept here: they are counted from its members and its
 * requests (campaign-counts.ts), so a redelivered job can never count twice. Only a cancelled
 * campaign keeps `finalCounts`: its counts stop moving when it ends.
 */
export interface Campaign {
  _id: Types.ObjectId;
  partnerId: Types.ObjectId;
  name: string;
  channel: Channel;
  status: CampaignStatus;
  filter?: { mcaStatus?: string[] };
  customerIds?: Types.ObjectId[];
  /** The fan-out walks the partner's customers by _id: `cursor` is the last one done, `done` once all were. */
  fanOut: { cursor?: Types.ObjectId; done: boolean; run: number };
  finalCounts?: CampaignCounts;
  endedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const countsSchema = new Schema<CampaignCounts>(
  {
    total: Number,
    queued: Number,
    sent: Number,
    accepted: Number,
    declined: Number,
    bounced: Number,
    needsReview: Number,
    expired: Number,
    failed: Number,
    cancelled: Number,
    skipped: Number,
  },
  { _id: false },
);

export const campaignSchema = new Schema<Campaign>(
  {
    partnerId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    channel: { type: String, required: true },
    status: { type: String, required: true },
    filter: { type: new Schema({ mcaStatus: [String] }, { _id: false }) },
    customerIds: { type: [Schema.Types.ObjectId], default: undefined },
    fanOut: {
      cursor: Schema.Types.ObjectId,
      done: { type: Boolean, required: true, default: false },
      run: { type: Number, required: true, default: 1 },
    },
    finalCounts: countsSchema,
    endedAt: Date,
  },
  { timestamps: true, versionKey: false },
);
// Serves: GET /v1/campaigns (a partner's campaigns by _id cursor).
campaignSchema.index({ partnerId: 1, _id: 1 });
// Serves: the watcher's "which campaigns may be due to complete?".
campaignSchema.index({ status: 1 });

export const campaignModel = (conn: Connection) => conn.model<Campaign>('Campaign', campaignSchema, 'campaigns');

/** What the fan-out decided for one customer; the request (if any) carries the rest. */
export type CampaignOutcome = 'requested' | 'skipped' | 'recorded';

/**
 * One customer of a campaign, once: `_id` is `<campaignId>-<customerId>`, so a redelivered
 * fan-out batch cannot add a customer twice. `requested` members have a request whose `_id`
 * derives from the same pair (campaign-request-id.ts); `recorded` ones were found accepted in
 * Partner Center (recorded, not mailed); `skipped` ones say why.
 */
export interface CampaignMember {
  _id: string;
  campaignId: Types.ObjectId;
  customerId: Types.ObjectId;
  outcome: CampaignOutcome;
  reason?: string;
  createdAt: Date;
}

export const campaignMemberSchema = new Schema<CampaignMember>(
  {
    _id: { type: String, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    outcome: { type: String, required: true },
    reason: String,
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// Serves: the counts (top-level equality, which the bundled store answers from an index).
campaignMemberSchema.index({ campaignId: 1 });

export const campaignMemberModel = (conn: Connection) => conn.model<CampaignMember>('CampaignMember', campaignMemberSchema, 'campaign_members');
