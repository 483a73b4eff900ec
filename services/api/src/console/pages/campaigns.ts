import { MCA_STATUSES, type McaStatus } from '@mca/core';
import type { CampaignView } from '../../use-cases/campaigns';
import { campaignProgress } from '../campaign-progress';
import { html, type Html } from '../html';
import { campaignStatusBadge, channelText, csrfField, notice, page, statusText, type PageFrame } from '../layout';
import { progressBar } from '../progress-bar';

const t = {
  title: 'Campaigns',
  lead: 'A campaign asks many customers at once: one consent request each, to the representative on the customer, for every matching customer not yet accepted.',
  table: 'Campaigns',
  name: 'Campaign',
  channel: 'Channel',
  status: 'Status',
  customers: 'Customers',
  accepted: 'Accepted',
  waiting: 'Waiting',
  skipped: 'Skipped',
  progress: 'Progress',
  created: 'Started',
  none: 'No campaigns yet. Start one below; customers need a representative (from the customer page or the CSV import) to be asked.',
  importFirst: 'Import customers',
  next: 'Older campaigns',
  first: 'Newest campaigns',
  paging: 'Pages',
  start: 'Start a campaign',
  nameField: 'Name',
  nameHint: 'Optional: shown here and in the campaign.completed webhook.',
  channelField: 'Channel',
  channels: { email: 'Email', docusign: 'DocuSign', microsoft: 'Microsoft' },
  unavailable: 'Not set up on this installation: {channels}.',
  filter: 'Customers in these MCA statuses',
  filterHint: 'None ticked: every customer. Accepted customers and those with a request under way are skipped either way.',
  submit: 'Start campaign',
};

export type CampaignChannel = keyof typeof t.channels;

export interface CampaignFormValues {
  name?: string;
  channel?: string;
  mcaStatus?: string[];
}

export interface CampaignsView {
  frame: Required<Pick<PageFrame, 'partner'>>;
  rows: CampaignView[];
  cursor?: string;
  nextCursor?: string;
  available: Record<CampaignChannel, boolean>;
  values: CampaignFormValues;
  error?: string;
}

function when(iso: string): Html {
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')}</time>`;
}

function row(c: CampaignView): Html {
  const n = c.counts;
  const p = campaignProgress(n);
  return html`<tr>
    <th scope="row"><a href="/campaigns/${c.id}">${c.name}</a></th>
    <td data-label="${t.channel}">${channelText[c.channel]}</td>
    <td data-label="${t.status}">${campaignStatusBadge(c.status)}</td>
    <td data-label="${t.customers}" class="num">${n.total}</td>
    <td data-label="${t.accepted}" class="num">${n.accepted}</td>
    <td data-label="${t.waiting}" class="num">${n.total - p.done}</td>
    <td data-label="${t.skipped}" class="num">${n.skipped}</td>
    <td data-label="${t.progress}" class="progress-cell">${progressBar(p, { compact: true, label: `${t.progress}: ${c.name}` })}</td>
    <td data-label="${t.created}">${when(c.createdAt)}</td>
  </tr>`;
}

function startForm(v: CampaignsView): Html {
  const chosen = new Set(v.values.mcaStatus ?? []);
  const unavailable = (Object.keys(t.channels) as CampaignChannel[]).filter((ch) => !v.available[ch]);
  const selected = v.values.channel && v.available[v.values.channel as CampaignChannel] ? v.values.channel : 'email';
  return html`<section class="card" aria-labelledby="start-h" id="start">
    <h2 id="start-h">${t.start}</h2>
    ${notice('error', v.error)}
    <form method="post" action="/campaigns" class="grid">
      ${csrfField(v.frame.partner.csrf)}
      <div>
        <label for="name">${t.nameField}</label
        ><input id="name" name="name" maxlength="200" autocomplete="off" value="${v.values.name ?? ''}" aria-describedby="name-hint" />
        <p id="name-hint" class="hint">${t.nameHint}</p>
      </div>
      <div>
        <label for="channel">${t.channelField}</label
        ><select id="channel" name="channel" ${unavailable.length ? html` aria-describedby="channel-hint"` : ''}>
          ${(Object.keys(t.channels) as CampaignChannel[]).map(
            (ch) => html`<option value="${ch}" ${selected === ch ? html` selected` : ''} ${v.available[ch] ? '' : html` disabled`}>${t.channels[ch]}</option>`,
          )}
        </select>
        ${
          unavailable.length
            ? html`<p id="channel-hint" class="hint">${t.unavailable.replace('{channels}', unavailable.map((ch) => t.channels[ch]).join(', '))}</p>`
            : ''
        }
      </div>
      <fieldset class="full checks" aria-describedby="filter-hint">
        <legend>${t.filter}</legend>
        ${MCA_STATUSES.map(
          (s: McaStatus) =>
            html`<label class="check"><input type="checkbox" name="mcaStatus" value="${s}" ${chosen.has(s) ? html` checked` : ''} /> ${statusText[s]}</label>`,
        )}
        <p id="filter-hint" class="hint">${t.filterHint}</p>
      </fieldset>
      <div class="full"><button class="primary">${t.submit}</button></div>
    </form>
  </section>`;
}

export function campaignsPage(v: CampaignsView): Html {
  return page({
    ...v.frame,
    title: t.title,
    current: 'campaigns',
    body: html`<header class="page-head split">
        <h1>${t.title}</h1>
        <a class="button" href="#start">${t.start}</a>
      </header>
      <p class="muted">${t.lead}</p>
      ${
        v.rows.length === 0 && !v.cursor
          ? html`<p class="empty">${t.none} <a href="/import">${t.importFirst}</a></p>`
          : html`<div class="table-wrap">
                <table class="campaigns stacked">
                  <caption class="visually-hidden">
                    ${t.table}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">${t.name}</th>
                      <th scope="col">${t.channel}</th>
                      <th scope="col">${t.status}</th>
                      <th scope="col" class="num">${t.customers}</th>
                      <th scope="col" class="num">${t.accepted}</th>
                      <th scope="col" class="num">${t.waiting}</th>
                      <th scope="col" class="num">${t.skipped}</th>
                      <th scope="col">${t.progress}</th>
                      <th scope="col">${t.created}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${v.rows.map(row)}
                  </tbody>
                </table>
              </div>
              <nav class="paging" aria-label="${t.paging}">
                ${v.cursor ? html`<a href="/campaigns">${t.first}</a>` : ''}
                ${v.nextCursor ? html`<a rel="next" href="/campaigns?before=${v.nextCursor}">${t.next}</a>` : ''}
              </nav>`
      }
      ${startForm(v)}`,
  });
}
