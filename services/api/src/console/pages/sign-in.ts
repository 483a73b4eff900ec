import { html, type Html } from '../html';
import { csrfField, notice, page } from '../layout';

const t = {
  title: 'Sign in',
  heading: 'Sign in to the partner console',
  lead: "Collect your customers' consent to the Microsoft Customer Agreement and unlock their tenants for ordering.",
  apiKey: 'API key',
  apiKeyHint: 'A full-scope key of your partner account (mca_…). It is kept on the server; this page never stores it.',
  submit: 'Sign in',
  unknownKey: 'That API key is not valid (or was revoked).',
  ordersKey: 'That key has the orders scope: sign in with a full key.',
  signedOut: 'You are signed out.',
  sessionEnded: 'Your session ended. Sign in again.',
  adminTitle: 'Operator sign in',
  adminHeading: 'Operator sign in',
  adminLead: 'The queue dashboard is for operators of this installation.',
  adminToken: 'Admin token',
  wrongToken: 'That is not the admin token.',
  adminDisabled: 'The admin token is not configured (ADMIN_TOKEN): the queue dashboard is off.',
};

export type SignInMessage = 'unknownKey' | 'ordersKey' | 'signedOut' | 'sessionEnded';

export function signInPage(csrf: string, message?: SignInMessage): Html {
  const kind = message === 'signedOut' ? 'ok' : message ? 'error' : undefined;
  return page({
    title: t.title,
    body: html`<section class="card narrow">
      <h1>${t.heading}</h1>
      <p class="muted">${t.lead}</p>
      ${notice(kind, message && t[message])}
      <form method="post" action="/sign-in" class="stack">
        ${csrfField(csrf)}
        <label for="apiKey">${t.apiKey}</label>
        <input id="apiKey" name="apiKey" type="password" autocomplete="current-password" required spellcheck="false" aria-describedby="apiKeyHint" />
        <p id="apiKeyHint" class="hint">${t.apiKeyHint}</p>
        <button class="primary">${t.submit}</button>
      </form>
    </section>`,
  });
}

export function adminSignInPage(csrf: string, error?: 'wrongToken' | 'adminDisabled'): Html {
  return page({
    title: t.adminTitle,
    body: html`<section class="card narrow">
      <h1>${t.adminHeading}</h1>
      <p class="muted">${t.adminLead}</p>
      ${notice(error ? 'error' : undefined, error && t[error])}
      <form method="post" action="/admin/sign-in" class="stack">
        ${csrfField(csrf)}
        <label for="adminToken">${t.adminToken}</label>
        <input id="adminToken" name="adminToken" type="password" autocomplete="current-password" required />
        <button class="primary">${t.submit}</button>
      </form>
    </section>`,
  });
}
