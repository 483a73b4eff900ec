import { shownRepresentative, type ConsentRecord, type ConsentRequest } from '@mca/core';
import { documentsOf } from '../../use-cases/consent-evidence';
import type { CustomerOverview } from '../../use-cases/customer-overview';
import { html, type Html } from '../html';
import { channelText, csrfField, methodText, notice, orderingBadge, page, requestStatusText, statusBadge, type PageFrame } from '../layout';
import { timelineText } from '../timeline-text';

const t = {
  back: 'All customers',
  tenant: 'Tenant',
  country: 'Country',
  language: 'Language',
  mca: 'MCA status',
  ordering: 'Ordering',
  consent: 'Consent',
  who: 'Consented by',
  when: 'Date agreed',
  how: 'How',
  agreement: 'Agreement',
  agreementOf: '{country}, {language}',
  hash: 'SHA-256',
  noConsent: 'No consent recorded yet.',
  confirm: 'Confirm MCA Acceptance',
  request: 'Current request',
  channel: 'Channel',
  status: 'Status',
  representative: 'Representative',
  campaign: 'Campaign',
  resend: 'Resend',
  cancel: 'Cancel request',
  review: 'Reply to review',
  reviewReason: 'Why it needs review',
  replyFrom: 'From',
  note: 'Note (why you decide so)',
  accept: 'Accept as consent',
  reject: 'Reject',
  noReply: 'No email reply to show (this request went to review without one).',
  upload: 'Upload a signed copy',
  uploadLead: 'A consent the customer signed on paper: a PDF, PNG or JPEG scan.',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  dateAgreed: 'Date signed',
  file: 'Signed copy',
  uploadSubmit: 'Upload and record consent',
  timeline: 'Timeline',
  evidence: 'Evidence documents',
  noEvidence: 'No documents yet.',
  documents: {
    reply: 'The reply email (.eml)',
    scan: 'The signed copy',
    'signed-document': 'The signed DocuSign document',
    certificate: "DocuSign's certificate of completion",
    'partner-center': "Partner Center's answers (JSON)",
  } as Record<string, string>,
  noEvents: 'No events recorded yet.',
  pack: 'Download evidence pack',
  flash: {
    sent: 'Consent request sent.',
    resent: 'Request sent again.',
    cancelled: 'Request cancelled.',
    uploaded: 'Signed copy stored; consent recorded.',
    accepted: 'Reply accepted as consent.',
    rejected: 'Reply rejected; the request is declined.',
  } as Record<string, string>,
};

export interface CustomerView {
  frame: Required<Pick<PageFrame, 'partner'>>;
  overview: CustomerOverview;
  /** The campaign the current request belongs to, if any. */
  campaign?: { id: string; name: string };
  flash?: string;
  error?: string;
}

function timelineList(events: CustomerOverview['timeline']): Html {
  if (events.length === 0) return html`<p class="muted">${t.noEvents}</p>`;
  return html`<ol class="timeline" aria-label="${t.timeline}">
    ${events.map((e) => {
      const text = timelineText(e);
      return html`<li class="tl-${e.type.split('.')[0]!}" data-seq="${String(e.seq)}">
        ${when(e.at)}
        <strong>${text.title}</strong>${text.detail ? html`<br /><span class="muted">${text.detail}</span>` : ''}
      </li>`;
    })}
  </ol>`;
}

function when(d: Date): Html {
  return html`<time datetime="${d.toISOString()}">${d.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>`;
}

function consentSummary(record: ConsentRecord | undefined): Html {
  if (!record) return html`<p class="muted">${t.noConsent}</p>`;
  const rep = shownRepresentative(record);
  const who = rep ? [rep.firstName, rep.lastName].filter(Boolean).join(' ') + (rep.email ? ` <${rep.email}>` : '') : '—';
  return html`<dl class="facts">
    <div>
      <dt>${t.who}</dt>
      <dd>${who}</dd>
    </div>
    <div>
      <dt>${t.when}</dt>
      <dd>${when(record.dateAgreed)}</dd>
    </div>
    <div>
      <dt>${t.how}</dt>
      <dd>${methodText[record.method] ?? record.method}</dd>
    </div>
    ${
      record.agreement
        ? html`<div>
            <dt>${t.agreement}</dt>
            <dd>
              ${record.agreement.title ?? ''} (${record.agreement.country}, ${record.agreement.language})<br /><span class="muted">${t.hash}</span>
              <code class="hash">${record.agreement.sha256}</code>
            </dd>
          </div>`
        : ''
    }
  </dl>`;
}

function postButton(action: string, csrf: string, label: string, cls = ''): Html {
  return html`<form method="post" action="${action}" class="inline">${csrfField(csrf)}<button class="${cls}">${label}</button></form>`;
}

function requestCard(base: string, r: ConsentRequest, csrf: string, campaign: CustomerView['campaign']): Html {
  const path = `${base}/requests/${r._id.toString()}`;
  const canResend = ['sent', 'bounced', 'failed', 'needs-review'].includes(r.status);
  const canCancel = ['queued', 'sent', 'needs-review', 'bounced', 'failed'].includes(r.status);
  return html`<section class="card" aria-labelledby="req-h">
    <h2 id="req-h">${t.request}</h2>
    <dl class="facts">
      <div>
        <dt>${t.channel}</dt>
        <dd>${channelText[r.channel]}</dd>
      </div>
      <div>
        <dt>${t.status}</dt>
        <dd>${requestStatusText[r.status] ?? r.status}</dd>
      </div>
      <div>
        <dt>${t.representative}</dt>
        <dd>${r.representative.firstName} ${r.representative.lastName} &lt;${r.representative.email}&gt;</dd>
      </div>
      ${
        campaign
          ? html`<div>
              <dt>${t.campaign}</dt>
              <dd><a href="/campaigns/${campaign.id}">${campaign.name}</a></dd>
            </div>`
          : ''
      }
    </dl>
    <div class="row">
      ${canResend ? postButton(`${path}/resend`, csrf, t.resend) : ''}${canCancel ? postButton(`${path}/cancel`, csrf, t.cancel, 'danger') : ''}
    </div>
  </section>`;
}

function reviewCard(base: string, r: ConsentRequest, review: CustomerOverview['review'], csrf: string): Html {
  return html`<section class="card attention" aria-labelledby="review-h">
    <h2 id="review-h">${t.review}</h2>
    ${review?.reason ? html`<p><strong>${t.reviewReason}:</strong> ${review.reason}</p>` : ''}
    ${
      review
        ? html`${review.from ? html`<p class="muted">${t.replyFrom}: ${review.from}</p>` : ''}
            <blockquote class="reply">${review.text}</blockquote>`
        : html`<p class="muted">${t.noReply}</p>`
    }
    <form method="post" action="${base}/requests/${r._id.toString()}/review" class="stack">
      ${csrfField(csrf)}
      <label for="note">${t.note}</label>
      <textarea id="note" name="note" rows="2" required maxlength="2000"></textarea>
      <div class="row">
        <button class="primary" name="decision" value="accept" ${review ? '' : html` disabled`}>${t.accept}</button
        ><button class="danger" name="decision" value="reject">${t.reject}</button>
      </div>
    </form>
  </section>`;
}

function uploadCard(base: string, csrf: string, today: string): Html {
  return html`<details class="card">
    <summary>${t.upload}</summary>
    <p class="muted">${t.uploadLead}</p>
    <form method="post" action="${base}/attestations" enctype="multipart/form-data" class="grid">
      ${csrfField(csrf)}
      <div><label for="a-first">${t.firstName}</label><input id="a-first" name="firstName" required autocomplete="off" /></div>
      <div><label for="a-last">${t.lastName}</label><input id="a-last" name="lastName" required autocomplete="off" /></div>
      <div><label for="a-email">${t.email}</label><input id="a-email" name="email" type="email" required autocomplete="off" /></div>
      <div><label for="a-phone">${t.phone}</label><input id="a-phone" name="phone" type="tel" autocomplete="off" /></div>
      <div><label for="a-date">${t.dateAgreed}</label><input id="a-date" name="dateAgreed" type="date" required max="${today}" /></div>
      <div><label for="a-file">${t.file}</label><input id="a-file" name="evidence" type="file" required accept="application/pdf,image/png,image/jpeg" /></div>
      <div class="full"><button class="primary">${t.uploadSubmit}</button></div>
    </form>
  </details>`;
}

function evidenceList(base: string, records: ConsentRecord[]): Html {
  const docs = records.flatMap((r) => documentsOf(r.evidence).map((d) => ({ r, d })));
  return html`<section aria-labelledby="ev-h">
    <h2 id="ev-h">${t.evidence}</h2>
    ${
      docs.length === 0
        ? html`<p class="muted">${t.noEvidence}</p>`
        : html`<ul class="docs">
            ${docs.map(
              ({ r, d }) =>
                html`<li>
                  <a href="${base}/records/${r._id.toString()}/documents/${d.name}" download>${t.documents[d.name] ?? d.name}</a>
                  <span class="muted">${d.contentType}</span> <code class="hash">${d.sha256}</code>
                </li>`,
            )}
          </ul>`
    }
  </section>`;
}

export function customerPage(v: CustomerView): Html {
  const { customer: c, current, records, timeline, review } = v.overview;
  const base = `/customers/${c._id.toString()}`;
  const csrf = v.frame.partner.csrf;
  const counted = records.find((r) => c.mca.consentId?.equals(r._id)) ?? records.at(-1);
  const accepted = c.mca.status === 'accepted';
  const active = current && ['queued', 'sent'].includes(current.status);
  return page({
    ...v.frame,
    title: c.name,
    current: 'customers',
    body: html`<p><a href="/customers">← ${t.back}</a></p>
      <header class="page-head">
        <h1>${c.name}</h1>
        <p class="badges">
          <span class="muted">${t.mca}</span> ${statusBadge(c.mca.status)} <span class="muted">${t.ordering}</span> ${orderingBadge(c.ordering.status)}
        </p>
        <p class="muted"><span>${t.tenant}</span> <code>${c.tenantId}</code> · ${t.country} ${c.country} · ${t.language} ${c.language}</p>
      </header>
      ${notice('ok', v.flash ? t.flash[v.flash] : undefined)} ${notice('error', v.error)}
      <div class="columns">
        <div>
          <section class="card" aria-labelledby="consent-h">
            <h2 id="consent-h">${t.consent}</h2>
            ${consentSummary(counted)} ${records.length ? html`<p><a class="button" href="${base}/evidence-pack" download>${t.pack}</a></p>` : ''}
            ${!accepted && !active ? html`<form method="get" action="${base}/confirm"><button class="primary">${t.confirm}</button></form>` : ''}
          </section>
          ${current && current.status === 'needs-review' ? reviewCard(base, current, review, csrf) : ''}
          ${current && !accepted ? requestCard(base, current, csrf, v.campaign) : ''}
          ${accepted ? '' : uploadCard(base, csrf, new Date().toISOString().slice(0, 10))} ${evidenceList(base, records)}
        </div>
        <section aria-labelledby="tl-h">
          <h2 id="tl-h">${t.timeline}</h2>
          ${timelineList(timeline)}
        </section>
      </div>`,
  });
}
