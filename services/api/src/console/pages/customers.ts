import { MCA_STATUSES, type McaStatus } from '@mca/core';
import type { BrowseRow } from '../../use-cases/browse-customers';
import { html, type Html } from '../html';
import { channelText, methodText, orderingBadge, page, requestStatusText, statusBadge, statusText, type PageFrame } from '../layout';

const t = {
  title: 'Customers',
  counts: 'Customers by MCA status',
  search: 'Search',
  searchHint: 'Name, or the exact tenant id',
  status: 'MCA status',
  anyStatus: 'Any status',
  apply: 'Apply',
  clear: 'Clear',
  table: 'Customers',
  name: 'Customer',
  tenant: 'Tenant',
  mca: 'MCA status',
  ordering: 'Ordering',
  channel: 'Channel',
  lastEvent: 'Last event',
  none: 'No customers match.',
  noneYet: 'No customers yet. Import a CSV file to add them.',
  next: 'Next page',
  first: 'First page',
  paging: 'Pages',
  campaign: 'Start a campaign',
  campaignFor: 'Ask these customers in a campaign',
};

export interface CustomersView {
  frame: Pick<PageFrame, 'partner'>;
  counts: Record<McaStatus, number>;
  rows: BrowseRow[];
  query: { search?: string; status?: McaStatus; cursor?: string };
  nextCursor?: string;
}

function listUrl(q: { search?: string; status?: string; cursor?: string }): string {
  const p = new URLSearchParams();
  if (q.search) p.set('q', q.search);
  if (q.status) p.set('status', q.status);
  if (q.cursor) p.set('cursor', q.cursor);
  const s = p.toString();
  return s ? `/customers?${s}` : '/customers';
}

/** The campaign form, with the list's status filter ticked when there is one. */
function campaignUrl(status: McaStatus | undefined): string {
  return status ? `/campaigns?status=${status}#start` : '/campaigns#start';
}

function when(d: Date): Html {
  return html`<time datetime="${d.toISOString()}">${d.toISOString().slice(0, 16).replace('T', ' ')}</time>`;
}

function row({ customer: c, request }: BrowseRow): Html {
  const lastEvent = request?.history.at(-1);
  return html`<tr>
    <th scope="row"><a href="/customers/${c._id.toString()}">${c.name}</a></th>
    <td class="mono" data-label="${t.tenant}">${c.tenantId}</td>
    <td data-label="${t.mca}">${statusBadge(c.mca.status)}</td>
    <td data-label="${t.ordering}">${orderingBadge(c.ordering.status)}</td>
    <td data-label="${t.channel}">${request ? channelText[request.channel] : c.mca.method ? methodText[c.mca.method] : '—'}</td>
    <td data-label="${t.lastEvent}">
      ${lastEvent ? html`${requestStatusText[lastEvent.status] ?? lastEvent.status} · ${when(lastEvent.at)}` : c.mca.acceptedAt ? when(c.mca.acceptedAt) : '—'}
    </td>
  </tr>`;
}

export function customersPage(v: CustomersView): Html {
  const total = MCA_STATUSES.reduce((n, s) => n + v.counts[s], 0);
  const filtered = Boolean(v.query.search || v.query.status);
  return page({
    ...v.frame,
    title: t.title,
    current: 'customers',
    body: html`<header class="page-head split">
        <h1>${t.title}</h1>
        <a class="button" href="${campaignUrl(v.query.status)}">${v.query.status ? t.campaignFor : t.campaign}</a>
      </header>
      <section aria-labelledby="counts-h">
        <h2 id="counts-h" class="visually-hidden">${t.counts}</h2>
        <ul class="counts">
          ${MCA_STATUSES.map(
            (s) =>
              html`<li>
                <a class="count count-${s}" href="${listUrl({ status: s })}" ${v.query.status === s ? html` aria-current="true"` : ''}
                  ><span class="n">${v.counts[s]}</span> <span>${statusText[s]}</span></a
                >
              </li>`,
          )}
        </ul>
      </section>
      <form method="get" action="/customers" class="filters" role="search">
        <div>
          <label for="q">${t.search}</label
          ><input id="q" name="q" type="search" value="${v.query.search ?? ''}" placeholder="${t.searchHint}" aria-describedby="q-hint" /><span
            id="q-hint"
            class="visually-hidden"
            >${t.searchHint}</span
          >
        </div>
        <div>
          <label for="status">${t.status}</label
          ><select id="status" name="status" data-autosubmit>
            <option value="">${t.anyStatus}</option>
            ${MCA_STATUSES.map((s) => html`<option value="${s}" ${v.query.status === s ? html` selected` : ''}>${statusText[s]}</option>`)}
          </select>
        </div>
        <div class="actions"><button>${t.apply}</button>${filtered ? html` <a href="/customers">${t.clear}</a>` : ''}</div>
      </form>
      ${
        v.rows.length === 0
          ? html`<p class="empty">${total === 0 ? t.noneYet : t.none}</p>`
          : html`<div class="table-wrap">
              <table class="customers">
                <caption class="visually-hidden">
                  ${t.table}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t.name}</th>
                    <th scope="col">${t.tenant}</th>
                    <th scope="col">${t.mca}</th>
                    <th scope="col">${t.ordering}</th>
                    <th scope="col">${t.channel}</th>
                    <th scope="col">${t.lastEvent}</th>
                  </tr>
                </thead>
                <tbody>
                  ${v.rows.map(row)}
                </tbody>
              </table>
            </div>`
      }
      <nav class="paging" aria-label="${t.paging}">
        ${v.query.cursor ? html`<a href="${listUrl({ ...v.query, cursor: undefined })}">${t.first}</a>` : ''}
        ${v.nextCursor ? html`<a rel="next" href="${listUrl({ ...v.query, cursor: v.nextCursor })}">${t.next}</a>` : ''}
      </nav>`,
  });
}
