import type { Customer } from '@mca/core';
import { html, type Html } from '../html';
import { csrfField, notice, page, type PageFrame } from '../layout';

const t = {
  title: 'Confirm MCA Acceptance',
  lead: 'Who signs for {name}? They get the agreement and confirm their acceptance; the tenant unlocks once it is recorded.',
  back: 'Back to the customer',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  channel: 'Channel',
  channels: { email: 'Email', docusign: 'DocuSign', microsoft: 'Microsoft' },
  channelHint: 'Email: a reply "I accept". DocuSign: an envelope to sign. Microsoft: Microsoft\'s own acceptance page.',
  send: 'Send',
};

export interface ConfirmValues {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  channel?: string;
}

export function confirmPage(frame: Required<Pick<PageFrame, 'partner'>>, c: Customer, values: ConfirmValues, error?: string): Html {
  const v = { ...c.representative, ...values };
  const id = c._id.toString();
  return page({
    ...frame,
    title: `${t.title}: ${c.name}`,
    current: 'customers',
    body: html`<p><a href="/customers/${id}">← ${t.back}</a></p>
      <section class="card narrow">
        <h1>${t.title}</h1>
        <p class="muted">${t.lead.replace('{name}', c.name)}</p>
        ${notice('error', error)}
        <form method="post" action="/customers/${id}/consent-requests" class="grid">
          ${csrfField(frame.partner.csrf)}
          <div>
            <label for="firstName">${t.firstName}</label
            ><input id="firstName" name="firstName" required maxlength="100" autocomplete="off" value="${v.firstName ?? ''}" />
          </div>
          <div>
            <label for="lastName">${t.lastName}</label
            ><input id="lastName" name="lastName" required maxlength="100" autocomplete="off" value="${v.lastName ?? ''}" />
          </div>
          <div><label for="email">${t.email}</label><input id="email" name="email" type="email" required autocomplete="off" value="${v.email ?? ''}" /></div>
          <div><label for="phone">${t.phone}</label><input id="phone" name="phone" type="tel" autocomplete="off" value="${v.phone ?? ''}" /></div>
          <div class="full">
            <label for="channel">${t.channel}</label
            ><select id="channel" name="channel" aria-describedby="channel-hint">
              ${(['email', 'docusign', 'microsoft'] as const).map((ch) => html`<option value="${ch}" ${v.channel === ch ? html` selected` : ''}>${t.channels[ch]}</option>`)}
            </select>
            <p id="channel-hint" class="hint">${t.channelHint}</p>
          </div>
          <div class="full"><button class="primary">${t.send}</button></div>
        </form>
      </section>`,
  });
}
