import { paragraph, renderBlocks } from '../render-blocks';
import type { RenderedEmail } from '../rendered-email';

export interface CampaignCompletedData {
  name: string;
  status: string;
  counts: Record<string, number>;
  consoleUrl: string;
}

const COUNT_LABELS: ReadonlyArray<readonly [key: string, label: string]> = [
  ['total', 'Customers'],
  ['accepted', 'Accepted'],
  ['declined', 'Declined'],
  ['needsReview', 'Needs review'],
  ['sent', 'Still waiting for an answer'],
  ['bounced', 'Bounced'],
  ['expired', 'Expired'],
  ['failed', 'Failed to send'],
  ['cancelled', 'Cancelled before sending'],
  ['skipped', 'Skipped (no representative, already accepted or already asked)'],
];

/** `campaign.completed` to the partner's notify address: the campaign is not about one customer, so it has its own template. */
export function renderCampaignCompleted(d: CampaignCompletedData): RenderedEmail {
  const ended = d.status === 'cancelled' ? 'was cancelled' : 'is complete';
  return renderBlocks('en', `MCA campaign "${d.name}" ${ended}`, [
    paragraph(`The consent campaign "${d.name}" ${ended}. Its final counts:`),
    { kind: 'facts', rows: COUNT_LABELS.map(([key, label]) => [label, String(d.counts[key] ?? 0)] as const) },
    { kind: 'link', label: 'Open the partner console', href: d.consoleUrl.trim() },
    paragraph('This message was sent automatically by the MCA consent service.'),
  ]);
}
