import { Types, type Collection } from 'mongoose';
import type { SecretBox } from '@mca/platform';
import { openWebhookSecret, sealWebhookSecret } from '../notifications/webhook-secret';
import type { Models } from './bind-models';
import { isDuplicateKey } from './duplicate-key';
import { FIRST_API_KEY_NAME } from './models/api-key';

/**
 * Brings a database written by an earlier version up to the current schema; every step is
 * idempotent and runs at connect. Native collection calls on purpose: consent records refuse
 * updates through mongoose, and this one fills in a field, it changes no evidence.
 */
export async function migrate(models: Models): Promise<void> {
  await layerConsentRecords(models);
  await eventsForNotifications(models);
  await nameDocuSignTriggers(models);
  await moveApiKeysToTheirCollection(models);
}

/** MongoDB's and FerretDB's answer when the index is not there. */
const INDEX_NOT_FOUND = 27;

/**
 * Replicas of a new version start at once and each migrates: the one that looks second may find
 * the index gone already, which is the outcome it wanted, not a reason to stop starting.
 */
async function dropIndexIfPresent(collection: Collection, name: string): Promise<void> {
  const indexes = await collection.indexes().catch(() => []);
  if (!indexes.some((i) => i.name === name)) return;
  await collection.dropIndex(name).catch((err: unknown) => {
    if ((err as { code?: unknown }).code !== INDEX_NOT_FOUND) throw err;
  });
}

/**
 * Consent records were unique per customer before Microsoft-side acceptance became a layer of
 * its own: the old index would refuse a customer's second layer, and old records predate `layer`.
 */
async function layerConsentRecords(models: Models): Promise<void> {
  const collection = models.consentRecords.collection;
  await dropIndexIfPresent(collection, 'customerId_1');
  await collection.updateMany({ layer: { $exists: false }, method: 'microsoft' }, { $set: { layer: 'microsoft' } });
  await collection.updateMany({ layer: { $exists: false } }, { $set: { layer: 'written' } });
}

/** DocuSign consents were once recorded as triggered by a `reply`; the signature is what it was. */
async function nameDocuSignTriggers(models: Models): Promise<void> {
  await models.consentRecords.collection.updateMany({ method: 'docusign', 'triggeredBy.via': 'reply' }, { $set: { 'triggeredBy.via': 'signature' } });
}

/**
 * Notifications from before the events feed: each event (key without its channel) gets its
 * partner_events row and the rows point at it. The event takes the id of the webhook row
 * where there is one, since `msg_<that id>` is the webhook-id already sent for it: a
 * redelivery after the upgrade carries the same id, and the feed shows it.
 */
async function eventsForNotifications(models: Models): Promise<void> {
  const notifications = models.notifications.collection;
  const events = models.partnerEvents.collection;
  // Webhook rows first ('webhook' > 'email'), so their id is the one the event takes.
  const legacy = notifications.find({ eventId: { $exists: false } }).sort({ channel: -1 });
  for await (const n of legacy) {
    const key = String(n.key).replace(/:(email|webhook)$/, '');
    let event = await events.findOne({ key }, { projection: { _id: 1 } });
    if (!event) {
      const row = {
        _id: n.channel === 'webhook' ? (n._id as Types.ObjectId) : new Types.ObjectId(),
        key,
        partnerId: n.partnerId,
        ...(n.customerId ? { customerId: n.customerId } : {}),
        type: n.event,
        data: n.payload ?? {},
        createdAt: n.createdAt,
      };
      await events.insertOne(row).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
      event = await events.findOne({ key }, { projection: { _id: 1 } });
    }
    if (event) await notifications.updateOne({ _id: n._id }, { $set: { eventId: event._id } });
  }
}

/**
 * Partners' webhook secrets, sealed with the current key: plain ones stored before encryption
 * at rest, and ones sealed with an older key after SECRETS_KEY named a new one first (rotation).
 * Compare-and-set on the value read, so two processes starting at once do not double-seal.
 */
export async function sealWebhookSecrets(models: Models, box: SecretBox): Promise<void> {
  const partners = models.partners.collection;
  for await (const p of partners.find({ webhookSecret: { $exists: true } }, { projection: { webhookSecret: 1 } })) {
    const stored = p.webhookSecret as unknown;
    if (typeof stored !== 'string' || box.isCurrent(stored)) continue;
    let sealed;
    try {
      sealed = sealWebhookSecret(box, p._id, openWebhookSecret(box, p._id, stored));
    } catch {
      continue; // sealed with a key no longer configured: its deliveries say so (lastError)
    }
    await partners.updateOne({ _id: p._id, webhookSecret: stored }, { $set: { webhookSecret: sealed } });
  }
}

/**
 * Before WEBHOOK_RETRY_FOR, a notification was `failed` after the queue's 8 attempts (minutes
 * of partner outage). Such rows still inside the retry window go back to pending for the
 * sweeper; they are told apart by having no `lastError`, which every failure now records.
 */
export async function reviveNotificationsFailedEarly(models: Models, retryForMs: number, now: Date): Promise<number> {
  const since = new Date(now.getTime() - retryForMs);
  const revived = await models.notifications.collection.updateMany(
    { status: 'failed', createdAt: { $gt: since }, lastError: { $exists: false } },
    { $set: { status: 'pending', lastError: 'failed under the old retry budget; retried again after the upgrade' } },
  );
  return revived.modifiedCount;
}

/**
 * A partner carried one API key hash before it could have several keys. Each becomes the
 * partner's first key (id = the partner's id, so instances migrating at once insert it once) and
 * leaves the partner document: a revoked key must not live on in a second place.
 */
async function moveApiKeysToTheirCollection(models: Models): Promise<void> {
  const partners = models.partners.collection;
  // Unique over a field new partners no longer have: it would refuse the second of them.
  await dropIndexIfPresent(partners, 'apiKeyHash_1');
  const legacy = partners.find<{ _id: Types.ObjectId; apiKeyHash: string; createdAt?: Date }>(
    { apiKeyHash: { $exists: true } },
    { projection: { apiKeyHash: 1, createdAt: 1 } },
  );
  for await (const p of legacy) {
    const key = {
      _id: p._id,
      partnerId: p._id,
      name: FIRST_API_KEY_NAME,
      scope: 'full',
      keyHash: p.apiKeyHash,
      createdAt: p.createdAt ?? p._id.getTimestamp(),
    };
    await models.apiKeys.collection.insertOne(key).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
    await partners.updateOne({ _id: p._id }, { $unset: { apiKeyHash: '' } });
  }
}
