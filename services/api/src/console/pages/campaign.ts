import type { CampaignCounts, McaStatus } from '@mca/core';
import type { CampaignView } from '../../use-cases/campaigns';
import { campaignProgress } from '../campaign-progress';
import { html, type Html } from '../html';
import { campaignStatusBadge, channelText, csrfField, notice, page, statusText, type PageFrame } from '../layout';
import { progressBar, progressText } from '../progress-bar';

const t = {
  back: 'All campaigns',
  channel: 'Channel',
  everyone: 'Every customer',
  inStatuses: 'Customers whose MCA status is {statuses}',
  chosen: '{count} chosen customers',
  or: ' or ',
  started: 'Started',
  ended: 'Ended',
  progress: 'Progress',
  progressLead: 'Done: every customer the campaign no longer waits on (answered, ended or skipped). Sent: out with the representative, not yet answered.',
  legendDone: 'Done',
  legendSent: 'Sent, awaiting an answer',
  legendQueued: 'Queued',
  counts: 'Counts',
  count: {
    total: 'Customers',
    queued: 'Queued',
    sent: 'Sent',
    accepted: 'Accepted',
    declined: 'Declined',
    bounced: 'Bounced',
    needsReview: 'Needs review',
    expired: 'Expired',
    failed: 'Sending failed',
    cancelled: 'Cancelled',
    skipped: 'Skipped',
  } satisfies Record<keyof CampaignCounts, string>,
  skippedHint: 'Skipped: no representative, already accepted, or a request already under way.',
  needsReviewLink: 'Customers whose reply needs review',
  actions: 'Campaign actions',
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel campaign',
  pausedHint: 'Paused: requests not yet sent are held until you resume.',
  endedHint: 'This campaign has ended; its requests already sent stay open.',
  live: 'Updates live.',
  flash: {
    started: 'Campaign started.',
    paused: 'Campaign paused.',
    resumed: 'Campaign resumed.',
    cancelled: 'Campaign cancelled: nothing more is sent.',
  } as Record<string, string>,
};

export interface CampaignPageView {
  frame: Required<Pick<PageFrame, 'partner'>>;
  campaign: CampaignView;
  flash?: string;
  error?: string;
}

function when(iso: string): Html {
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

function whom(c: CampaignView): string {
  if (c.customerIds) return t.chosen.replace('{count}', String(c.customerIds));
  const statuses = c.filter?.mcaStatus;
  if (!statuses?.length) return t.everyone;
  return t.inStatuses.replace('{statuses}', statuses.map((s) => statusText[s as McaStatus] ?? s).join(t.or));
}

function actionButton(id: string, csrf: string, action: 'pause' | 'resume' | 'cancel', label: string, cls = ''): Html {
  return html`<form method="post" action="/campaigns/${id}/${action}" class="inline">${csrfField(csrf)}<button class="${cls}">${label}</button></form>`;
}

/** Pause / Resume / Cancel as the status allows; an ended campaign has none. */
function actions(c: CampaignView, csrf: string): Html {
  if (c.status === 'completed' || c.status === 'cancelled') return html``;
  return html`<div class="row" role="group" aria-label="${t.actions}">
    ${c.status === 'running' ? actionButton(c.id, csrf, 'pause', t.pause) : actionButton(c.id, csrf, 'resume', t.resume, 'primary')}
    ${actionButton(c.id, csrf, 'cancel', t.cancel, 'danger')}
  </div>`;
}

function statusHint(c: CampaignView): Html {
  if (c.status === 'paused') return html`<p class="notice notice-warn">${t.pausedHint}</p>`;
  if (c.status === 'completed' || c.status === 'cancelled') return html`<p class="muted">${t.endedHint}</p>`;
  return html``;
}

const COUNT_ORDER: (keyof CampaignCounts)[] = [
  'total',
  'queued',
  'sent',
  'accepted',
  'declined',
  'needsReview',
  'bounced',
  'expired',
  'failed',
  'cancelled',
  'skipped',
];

export function campaignPage(v: CampaignPageView): Html {
  const c = v.campaign;
  const p = campaignProgress(c.counts);
  const ended = c.status === 'completed' || c.status === 'cancelled';
  return page({
    ...v.frame,
    title: c.name,
    current: 'campaigns',
    scripts: ended ? [] : ['campaign-progress.js'],
    body: html`<p><a href="/campaigns">← ${t.back}</a></p>
      <header class="page-head">
        <div class="split">
          <h1>${c.name}</h1>
          ${actions(c, v.frame.partner.csrf)}
        </div>
        <p class="badges">${campaignStatusBadge(c.status)} <span class="badge">${channelText[c.channel]}</span></p>
        <p class="muted">${whom(c)} · ${t.started} ${when(c.createdAt)}${c.endedAt ? html` · ${t.ended} ${when(c.endedAt)}` : ''}</p>
      </header>
      ${notice('ok', v.flash ? t.flash[v.flash] : undefined)} ${notice('error', v.error)} ${statusHint(c)}
      <div class="campaign" data-campaign="${c.id}" data-status="${c.status}" data-label-of="${progressText.of}" data-none-yet="${progressText.noneYet}">
        <section class="card" aria-labelledby="progress-h">
          <h2 id="progress-h">${t.progress}</h2>
          ${progressBar(p, { label: t.progress })}
          <ul class="legend" aria-hidden="true">
            <li><span class="swatch bar-done"></span>${t.legendDone}</li>
            <li><span class="swatch bar-sent"></span>${t.legendSent}</li>
            <li><span class="swatch bar-track"></span>${t.legendQueued}</li>
          </ul>
          <p class="hint">${t.progressLead}${ended ? '' : html` ${t.live}`}</p>
        </section>
        <section class="card" aria-labelledby="counts-h">
          <h2 id="counts-h">${t.counts}</h2>
          <dl class="tally">
            ${COUNT_ORDER.map(
              (k) =>
                html`<div class="tally-${k}${c.counts[k] === 0 ? ' zero' : ''}">
                  <dt>${t.count[k]}</dt>
                  <dd data-count="${k}">${c.counts[k]}</dd>
                </div>`,
            )}
          </dl>
          <p class="hint">${t.skippedHint}${c.counts.needsReview > 0 ? html` <a href="/customers?status=needs-review">${t.needsReviewLink}</a>` : ''}</p>
        </section>
      </div>`,
  });
}
