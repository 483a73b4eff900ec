import { html, type Html } from './html';
import { page, type PageFrame } from './layout';

const t = {
  404: { title: 'Not found', text: 'There is nothing here, or it belongs to another partner.' },
  403: { title: 'Refused', text: 'The form was stale or came from elsewhere (CSRF check). Go back, reload the page and try again.' },
  other: { title: 'Something went wrong', text: 'The request could not be completed.' },
  home: 'Go to the customers',
};

export function errorPage(status: number, frame: Pick<PageFrame, 'partner'>, detail?: string): Html {
  const s = status === 404 ? t[404] : status === 403 ? t[403] : t.other;
  return page({
    ...frame,
    title: s.title,
    body: html`<section class="card narrow">
      <h1>${s.title}</h1>
      <p>${s.text}</p>
      ${detail ? html`<p class="muted">${detail}</p>` : ''}
      <p><a href="/customers">${t.home}</a></p>
    </section>`,
  });
}
