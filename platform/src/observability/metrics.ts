import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per process, created at import: prom-client metrics are process-global by
 * nature, and tests that start several apps in one process must not register twice.
 */
export const registry = new Registry();
// Node's own metrics under their standard names (process_*, nodejs_*): dashboards expect them so.
collectDefaultMetrics({ register: registry });

export const metrics = {
  httpRequests: new Histogram({
    name: 'mca_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  }),
  orderAuthorizations: new Counter({
    name: 'mca_order_authorizations_total',
    help: 'Order authorization answers',
    labelNames: ['program', 'allowed'] as const,
    registers: [registry],
  }),
  partnerCenterChecks: new Counter({
    name: 'mca_partner_center_checks_total',
    help: 'Partner Center acceptance checks by outcome (accepted, pending, expired, unconfirmed, error)',
    labelNames: ['result'] as const,
    registers: [registry],
  }),
  partnerCenterRelationships: new Counter({
    name: 'mca_partner_center_relationship_checks_total',
    help: "Is the partner the customer's reseller in Partner Center: confirmed, not-listed, no-identity, error",
    labelNames: ['result'] as const,
    registers: [registry],
  }),
  reminders: new Counter({
    name: 'mca_reminders_total',
    help: 'Reminder emails to unanswered representatives: sent, failed (after every retry)',
    labelNames: ['result'] as const,
    registers: [registry],
  }),
  consentTransitions: new Counter({
    name: 'mca_consent_request_transitions_total',
    help: 'Consent request status changes',
    labelNames: ['channel', 'to'] as const,
    registers: [registry],
  }),
  inboundEmails: new Counter({
    name: 'mca_inbound_emails_total',
    help: 'Inbound email outcomes',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  inboundEmailsDeleted: new Counter({
    name: 'mca_inbound_emails_deleted_total',
    help: 'Uncorrelated inbound emails deleted after INBOUND_UNCORRELATED_RETENTION',
    registers: [registry],
  }),
  replyParserThreads: new Counter({
    name: 'mca_reply_parser_threads_started_total',
    help: 'Worker threads started for email-reply-parser (reused between replies; a new one after a thread is stopped over budget or fails)',
    registers: [registry],
  }),
  replyParseFailures: new Counter({
    name: 'mca_reply_parse_failures_total',
    help: 'Replies email-reply-parser gave no answer for (over-budget: stopped after REPLY_PARSE_BUDGET_MS)',
    labelNames: ['code'] as const,
    registers: [registry],
  }),
  connectMessages: new Counter({
    name: 'mca_docusign_connect_messages_total',
    help: 'DocuSign Connect message outcomes',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  webhookIntake: new Counter({
    name: 'mca_webhook_intake_total',
    help: 'Inbound webhooks (email, docusign) by result: stored, duplicate (a redelivery), not-stored (answered 500), enqueue-failed (stored; the sweeper enqueues it)',
    labelNames: ['webhook', 'result'] as const,
    registers: [registry],
  }),
  webhookIntakeBatch: new Histogram({
    name: 'mca_webhook_intake_batch_size',
    help: 'Inbound webhooks stored with one insertMany and enqueued with one addBulk (group commit)',
    labelNames: ['webhook'] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  }),
  jobs: new Counter({
    name: 'mca_jobs_total',
    help: 'Queue jobs finished, by queue and result',
    labelNames: ['queue', 'result'] as const,
    registers: [registry],
  }),
  notifications: new Counter({
    name: 'mca_partner_notifications_total',
    help: 'Partner notifications delivered, failed (nowhere to send, or given up after WEBHOOK_RETRY_FOR) or refused (address guard)',
    labelNames: ['channel', 'event', 'result'] as const,
    registers: [registry],
  }),
  webhookRefused: new Counter({
    name: 'mca_webhook_refused_total',
    help: 'Partner webhook deliveries refused by the address guard (WEBHOOK_ALLOW_PRIVATE_ADDRESSES), by the kind of address or scheme',
    labelNames: ['reason'] as const,
    registers: [registry],
  }),
  rateLimited: new Counter({
    name: 'mca_rate_limited_total',
    help: 'Partner API calls refused with 429, by budget (calls, sends, orders)',
    labelNames: ['budget'] as const,
    registers: [registry],
  }),
  sweeps: new Counter({
    name: 'mca_sweeper_requeued_total',
    help: 'Outbox items the sweeper re-enqueued (each one is a recovered crash or lost job)',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
  orderGateReads: new Counter({
    name: 'mca_order_gate_mongo_reads_total',
    help: 'Order authorizations the in-memory gate sent to Mongo: not-in-map (new or unknown tenant) or not-live (its stream is not confirmed current, a locked answer is read fresh)',
    labelNames: ['reason'] as const,
    registers: [registry],
  }),
  orderGateReloads: new Counter({
    name: 'mca_order_gate_reloads_total',
    help: 'Order-gate snapshot loads from Mongo: start, reconnect (Redis connection lost), gap (last seen stream id gone)',
    labelNames: ['reason'] as const,
    registers: [registry],
  }),
  orderGateEntries: new Gauge({
    name: 'mca_order_gate_customers',
    help: "Customers held in this instance's order gate",
    registers: [registry],
  }),
  orderGateLag: new Histogram({
    name: 'mca_order_gate_change_lag_seconds',
    help: 'From a change added to the ordering stream (Redis clock) to this instance applying it',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  }),
  orderingFeedFailures: new Counter({
    name: 'mca_ordering_feed_publish_failures_total',
    help: 'Ordering changes that could not be added to the Redis stream, by writer',
    labelNames: ['writer'] as const,
    registers: [registry],
  }),
};
