import mongoose, { type Connection } from 'mongoose';
import { migrate } from './migrations';
import { partnerModel } from './models/partner';
import { apiKeyModel } from './models/api-key';
import { customerModel } from './models/customer';
import { consentRequestModel } from './models/consent-request';
import { consentRecordModel } from './models/consent-record';
import { evidenceFileModel } from './models/evidence-file';
import { inboundEmailModel } from './models/inbound-email';
import { notificationModel } from './models/notification';
import { partnerEventModel } from './models/partner-event';
import { connectMessageModel } from './models/connect-message';
import { agreementDocumentModel } from './models/agreement-document';
import { campaignMemberModel, campaignModel } from './models/campaign';
import { auditEventModel } from './models/audit-event';
import { auditCheckpointModel } from './models/audit-checkpoint';

export function bindModels(conn: Connection) {
  return {
    partners: partnerModel(conn),
    apiKeys: apiKeyModel(conn),
    customers: customerModel(conn),
    consentRequests: consentRequestModel(conn),
    consentRecords: consentRecordModel(conn),
    evidenceFiles: evidenceFileModel(conn),
    inboundEmails: inboundEmailModel(conn),
    notifications: notificationModel(conn),
    partnerEvents: partnerEventModel(conn),
    connectMessages: connectMessageModel(conn),
    agreementDocuments: agreementDocumentModel(conn),
    campaigns: campaignModel(conn),
    campaignMembers: campaignMemberModel(conn),
    auditEvents: auditEventModel(conn),
    auditCheckpoints: auditCheckpointModel(conn),
  };
}

export type Models = ReturnType<typeof bindModels>;
export interface Db {
  conn: Connection;
  models: Models;
}

/** Connects and makes sure every index exists before anyone relies on a unique one. */
export async function connectDb(url: string): Promise<Db> {
  const conn = mongoose.createConnection(url, { serverSelectionTimeoutMS: 10_000, autoIndex: false });
  await conn.asPromise();
  const models = bindModels(conn);
  await migrate(models);
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
  return { conn, models };
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** Lean reads return BSON Binary for Buffer fields; this gives the bytes back as a Buffer. */
export function asBuffer(value: Buffer | { buffer: Uint8Array } | Uint8Array): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const bytes = value.buffer;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
