import { CAMPAIGN_WAITING_STATUSES, COUNT_OF_STATUS, type CampaignCounts } from '@mca/core';
import type { CampaignView } from '../use-cases/campaigns';

export interface CampaignProgress {
  /**
   * Customers the campaign no longer waits on: every matched customer whose request is no
   * longer queued or sent (nor bounced, which the completion rule also waits on), so answered,
   * ended or skipped. Once the fan-out is done (`total` stops growing), done = total is the
   * completion rule.
   */
  done: number;
  /** Requests out with the representative, not yet answered: the bar's second, lighter segment. */
  sent: number;
  total: number;
  percent: number;
}

export function campaignProgress(counts: CampaignCounts): CampaignProgress {
  const waiting = CAMPAIGN_WAITING_STATUSES.reduce((n, s) => n + counts[COUNT_OF_STATUS[s]], 0);
  const done = Math.max(0, counts.total - waiting);
  return { done, sent: counts.sent, total: counts.total, percent: counts.total === 0 ? 0 : Math.floor((done / counts.total) * 100) };
}

/** What the progress endpoint answers and the page's script reads. */
export function progressDocument(c: CampaignView) {
  return { id: c.id, status: c.status, counts: c.counts, progress: campaignProgress(c.counts), ...(c.endedAt ? { endedAt: c.endedAt } : {}) };
}
