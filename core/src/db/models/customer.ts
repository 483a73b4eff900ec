import { Schema, type Connection, type Types } from 'mongoose';
import type { ConsentMethod, McaStatus, MicrosoftAcceptanceVia } from '../../domain';
import type { StoredPerson } from '../../vault/representative';

export interface Representative {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
}

/**
 * Who Microsoft says accepted, as the partner may see it: the name Partner Center gives, with
 * an email or phone only where it is one the partner supplied itself (consent/minimize-contact-data.ts).
 */
export interface ReportedSignatory {
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
}

export interface Customer {
  _id: Types.ObjectId;
  partnerId: Types.ObjectId;
  /** Lowercased GUID of the customer's Microsoft tenant. */
  tenantId: string;
  name: string;
  country: string;
  language: string;
  /** The partner's default representative: who a consent request or campaign asks when it names nobody. */
  representative?: Representative;
  /**
   * A customer under professional secrecy (StGB section 203: a doctor's, a lawyer's practice):
   * what leaves the service about it (webhooks, notification emails) names nobody, ids only
   * (notifications/partner-facing-data.ts). Absent on customers from before: not confidential.
   */
  confidential?: boolean;
  mca: {
    status: McaStatus;
    /** The request whose outcome `status` reflects; only it may change `status`. */
    requestId?: Types.ObjectId;
    acceptedAt?: Date;
    method?: ConsentMethod;
    /** Who consented: the written consent's representative, or Microsoft's signatory as the partner may see it. */
    representative?: Representative | ReportedSignatory;
    consentId?: Types.ObjectId;
    detail?: string;
    /** UNLOCK_POLICY=consent+microsoft: the written consent, kept while Microsoft's step is pending. */
    written?: { method: ConsentMethod; acceptedAt: Date; consentId: Types.ObjectId };
    /** What Partner Center last said about this tenant's MCA. */
    microsoft?: MicrosoftStanding;
  };
  ordering: { status: 'locked' | 'unlocked'; unlockedAt?: Date };
  /** Outbox marker: set in the same update that accepts consent, cleared once unlock ran. */
  unlockPendingSince?: Date;
  /** Set when the customer's personal data was erased (its data key destroyed): no representative shows or is kept again. */
  personalDataErasedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** What a customer is without its people: what code that names nobody takes (a stored or an opened customer). */
export type CustomerFacts = Omit<Customer, 'representative' | 'mca'> & { mca: Omit<Customer['mca'], 'representative'> };

/** A customer as MongoDB holds it: its people sealed (core/src/vault/); read through openCustomer. */
export type StoredCustomer = Omit<Customer, 'representative' | 'mca'> & {
  representative?: StoredPerson;
  mca: Omit<Customer['mca'], 'representative'> & { representative?: StoredPerson<Representative | ReportedSignatory> };
};

export type MicrosoftStanding =
  | { status: 'accepted'; via: MicrosoftAcceptanceVia; acceptedAt: Date; checkedAt: Date }
  /** Microsoft refused an order (13605) or Partner Center found no acceptance. */
  | { status: 'not-accepted'; checkedAt: Date; detail: string };

/** A person: sealed (`{sealed, emailHash}`), or plain on rows written before sealing; Mixed takes both. */
export const representativeSchema = Schema.Types.Mixed;

export const customerSchema = new Schema<StoredCustomer>(
  {
    partnerId: { type: Schema.Types.ObjectId, required: true },
    tenantId: { type: String, required: true },
    name: { type: String, required: true },
    country: { type: String, required: true },
    language: { type: String, required: true },
    representative: representativeSchema,
    confidential: Boolean,
    mca: {
      status: { type: String, required: true, default: 'not-requested' },
      requestId: Schema.Types.ObjectId,
      acceptedAt: Date,
      method: String,
      representative: representativeSchema,
      consentId: Schema.Types.ObjectId,
      detail: String,
      written: { type: new Schema({ method: String, acceptedAt: Date, consentId: Schema.Types.ObjectId }, { _id: false }) },
      microsoft: {
        type: new Schema({ status: String, via: String, acceptedAt: Date, checkedAt: Date, detail: String }, { _id: false }),
      },
    },
    ordering: {
      status: { type: String, required: true, default: 'locked' },
      unlockedAt: Date,
    },
    unlockPendingSince: Date,
    personalDataErasedAt: Date,
  },
  { timestamps: true, versionKey: false },
);
// Serves: 409 on a second customer with the same tenant for a partner, and authorize-by-tenantId.
customerSchema.index({ partnerId: 1, tenantId: 1 }, { unique: true });
// Serves: GET /v1/customers?mcaStatus= with _id cursor pagination.
customerSchema.index({ partnerId: 1, 'mca.status': 1, _id: 1 });
// Serves: the sweeper's "unlock pending for too long" scan.
customerSchema.index({ unlockPendingSince: 1 });

export const customerModel = (conn: Connection) => conn.model<StoredCustomer>('Customer', customerSchema, 'customers');
