import type { CampaignView } from '@mca/api';
import type { OptionSpec } from '../command';

/** The options and the words every `mca campaign` command shares. */
export const PARTNER_OPTION: OptionSpec = { type: 'string', required: true, valueName: 'ID', description: "the partner's id (required)" };
export const CAMPAIGN_OPTION: OptionSpec = { type: 'string', required: true, valueName: 'ID', description: "the campaign's id (required)" };

type Counts = CampaignView['counts'];

/** Requests that still wait for the send or the representative: the campaign is not done while any does. */
export const waitingOf = (c: Counts) => c.queued + c.sent + c.bounced;

/** The non-zero counts after the total, in the order a request moves through them. */
export function countsLine(c: Counts): string {
  const parts: [string, number][] = [
    ['queued', c.queued],
    ['sent', c.sent],
    ['bounced', c.bounced],
    ['accepted', c.accepted],
    ['declined', c.declined],
    ['needs-review', c.needsReview],
    ['expired', c.expired],
    ['failed', c.failed],
    ['cancelled', c.cancelled],
    ['skipped', c.skipped],
  ];
  const shown = parts.filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`);
  return shown.length ? shown.join(', ') : 'nothing yet';
}

export function describeCampaign(v: CampaignView): string {
  const target = [
    ...(v.filter?.mcaStatus ? [`MCA status ${v.filter.mcaStatus.join(', ')}`] : []),
    ...(v.customerIds ? [`${v.customerIds} named customer${v.customerIds === 1 ? '' : 's'}`] : []),
  ];
  return [
    `${v.name} (${v.id})`,
    `  ${v.channel}, ${v.status}; created ${v.createdAt}${v.endedAt ? `, ended ${v.endedAt}` : ''}`,
    `  customers: ${target.length ? target.join('; ') : 'all of the partner'}`,
    `  ${v.counts.total} matched: ${countsLine(v.counts)}`,
  ].join('\n');
}
