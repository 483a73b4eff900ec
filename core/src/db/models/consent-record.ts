import { Schema, type Connection, type Types } from 'mongoose';
import type { ConsentLayer, ConsentMethod, MicrosoftAcceptanceVia } from '../../domain';
import { representativeSchema, type ReportedSignatory, type Representative } from './customer';
import type { AgreementRef } from './consent-request';
import type { StoredPerson } from '../../vault/representative';
import type { Sealed } from '../../vault/vault';

export interface EvidenceFileRef {
  evidenceFileId: Types.ObjectId;
  sha256: string;
  size: number;
}

export type ConsentEvidence =
  | {
      kind: 'email';
      inboundEmailId: Types.ObjectId;
      messageId?: string;
      rawSha256: string;
      authentication: { source: string; dkim: string; spf: string; dmarc: string; authentic: boolean; detail: string };
      replyText: string;
      classification: string;
    }
  | {
      kind: 'docusign';
      envelopeId: string;
      signer: { name: string; email: string; recipientId: string; signedAt: Date };
      /** The combined signed PDF and DocuSign's certificate of completion, as fetched on completion. */
      signedDocument: EvidenceFileRef;
      certificate: EvidenceFileRef;
    }
  | {
      kind: 'attestation';
      evidenceFileId: Types.ObjectId;
      fileName: string;
      contentType: string;
      size: number;
      sha256: string;
    }
  | {
      kind: 'microsoft';
      via: MicrosoftAcceptanceVia;
      checkedAt: Date;
      /**
       * Partner Center's answers (agreements, direct status, attestation, created agreement) as
       * received, less every email and phone the partner did not supply itself: the document the
       * partner downloads holds no more personal data than it already had.
       */
      partnerCenter: Record<string, unknown>;
      attestationId?: string;
      /**
       * Who Microsoft says accepted, as the partner may see them, or 'not reported' when Partner
       * Center names nobody (a direct acceptance). Absent on records kept before it was recorded.
       */
      signatory?: ReportedSignatory | 'not reported';
      /** SHA-256 of the JSON of `partnerCenter`, so the stored answers can be shown unaltered. */
      sha256: string;
    };

/**
 * A consent: one per customer and layer (unique index): consent is evergreen, given once per
 * tenant and layer. Immutable: the schema refuses every update, so evidence can only be added, never changed.
 */
export interface ConsentRecord {
  _id: Types.ObjectId;
  partnerId: Types.ObjectId;
  customerId: Types.ObjectId;
  tenantId: string;
  requestId?: Types.ObjectId;
  method: ConsentMethod;
  layer: ConsentLayer;
  /**
   * Who consented. On a `microsoft` record: the person Partner Center names (never the
   * representative the partner typed in), kept here as Microsoft reported them; partners see
   * `evidence.signatory` instead. Absent when Partner Center names nobody (a direct acceptance
   * in the admin center): Microsoft's acceptance stands without a name.
   */
  representative?: Representative;
  dateAgreed: Date;
  agreement?: AgreementRef;
  evidence: ConsentEvidence;
  triggeredBy: { partnerId: Types.ObjectId; via: ConsentTrigger };
  createdAt: Date;
}

/**
 * The evidence as MongoDB holds it: what names people sealed under the customer's key (the
 * reply's text and classification as sealed text, DocuSign's signer, Partner Center's answers and signatory);
 * hashes, ids and verdicts in clear. Read through openRecord.
 */
export type StoredEvidence =
  | Extract<ConsentEvidence, { kind: 'email' | 'attestation' }>
  | (Omit<Extract<ConsentEvidence, { kind: 'docusign' }>, 'signer'> & {
      /** The signer's name and email sealed; their recipient id and signing time in clear. */
      signer: (Sealed & { recipientId: string; signedAt: Date }) | Extract<ConsentEvidence, { kind: 'docusign' }>['signer'];
    })
  | (Omit<Extract<ConsentEvidence, { kind: 'microsoft' }>, 'partnerCenter' | 'signatory'> & {
      partnerCenter: Sealed | Record<string, unknown>;
      signatory?: StoredPerson<ReportedSignatory> | 'not reported';
    });

export type StoredConsentRecord = Omit<ConsentRecord, 'representative' | 'evidence'> & { representative?: StoredPerson; evidence: StoredEvidence };

/**
 * What brought the consent in: the partner's API call (a signed copy), the customer's email
 * reply, their DocuSign signature, or Partner Center's answer.
 */
export type ConsentTrigger = 'api' | 'reply' | 'signature' | 'partner-center';

export const consentRecordSchema = new Schema<StoredConsentRecord>(
  {
    partnerId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    tenantId: { type: String, required: true },
    requestId: Schema.Types.ObjectId,
    method: { type: String, required: true },
    layer: { type: String, required: true },
    representative: representativeSchema,
    dateAgreed: { type: Date, required: true },
    agreement: Schema.Types.Mixed,
    evidence: { type: Schema.Types.Mixed, required: true },
    triggeredBy: { partnerId: Schema.Types.ObjectId, via: String },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// Serves: exactly one consent per customer and layer, whatever races or redeliveries happen.
consentRecordSchema.index({ customerId: 1, layer: 1 }, { unique: true });

const refuseUpdate = () => {
  throw new Error('consent records are immutable');
};
for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace'] as const) {
  consentRecordSchema.pre(op, refuseUpdate);
}

export const consentRecordModel = (conn: Connection) => conn.model<StoredConsentRecord>('ConsentRecord', consentRecordSchema, 'consent_records');
