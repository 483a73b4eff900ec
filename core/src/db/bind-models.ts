import type { Connection } from 'mongoose';
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
import { dataKeyModel } from './models/data-key';

/** Every collection's model on one connection: what `connectDb` hands out and migrations work on. */
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
    dataKeys: dataKeyModel(conn),
  };
}

export type Models = ReturnType<typeof bindModels>;
