import type { McaStatus } from '@mca/core';
import { html, type Html } from './html';

/** The layout's strings (English); statuses are shared by every page that shows them. */
export const layoutText = {
  product: 'MCA Consent',
  skip: 'Skip to content',
  nav: 'Main',
  customers: 'Customers',
  import: 'Import',
  campaigns: 'Campaigns',
  signOut: 'Sign out',
  signedInAs: 'Signed in as',
  footer: 'Microsoft Customer Agreement consent service',
};

export const statusText: Record<McaStatus, string> = {
  'not-requested': 'Not requested',
  pending: 'Pending',
  accepted: 'Accepted',
  declined: 'Declined',
  'needs-review': 'Needs review',
  expired: 'Expired',
};

/** A consent request's statuses, as the list, the request card and the timeline name them. */
export const requestStatusText: Record<string, string> = {
  queued: 'Queued',
  sent: 'Sent',
  'needs-review': 'Needs review',
  bounced: 'Bounced',
  failed: 'Sending failed',
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

/** How a consent was given, and by which channel a request asks. */
export const methodText: Record<string, string> = { email: 'Email reply', docusign: 'DocuSign', attestation: 'Signed copy', microsoft: 'Microsoft' };
export const channelText: Record<string, string> = { email: 'Email', docusign: 'DocuSign', microsoft: 'Microsoft' };

export const campaignStatusText: Record<string, string> = { running: 'Running', paused: 'Paused', completed: 'Completed', cancelled: 'Cancelled' };

export const orderingText: Record<'locked' | 'unlocked', string> = { locked: 'Locked', unlocked: 'Unlocked' };

export function statusBadge(status: McaStatus): Html {
  return html`<span class="badge badge-${status}">${statusText[status]}</span>`;
}

export function campaignStatusBadge(status: string): Html {
  return html`<span class="badge badge-campaign-${status}" data-campaign-status>${campaignStatusText[status] ?? status}</span>`;
}

export function orderingBadge(status: 'locked' | 'unlocked'): Html {
  return html`<span class="badge badge-${status}">${orderingText[status]}</span>`;
}

/** Hidden CSRF field every form carries. */
export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}" />`;
}

export interface PageFrame {
  title: string;
  /** Present once signed in: the nav and the sign-out form. */
  partner?: { name: string; csrf: string };
  current?: 'customers' | 'import' | 'campaigns';
  /** Further scripts of this page, from `assets/` (the CSP allows no inline script). */
  scripts?: string[];
  body: Html;
}

/** The nav's entries. */
const NAV: { id: NonNullable<PageFrame['current']>; href: string; label: string }[] = [
  { id: 'customers', href: '/customers', label: layoutText.customers },
  { id: 'campaigns', href: '/campaigns', label: layoutText.campaigns },
  { id: 'import', href: '/import', label: layoutText.import },
];

export function page(f: PageFrame): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${f.title} · ${layoutText.product}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer></script>
        ${(f.scripts ?? []).map((name) => html`<script src="/console/assets/${name}" defer></script>`)}
      </head>
      <body>
        <a class="skip" href="#main">${layoutText.skip}</a>
        <header class="topbar">
          <a class="brand" href="/">${layoutText.product}</a>
          ${
            f.partner
              ? html`<nav aria-label="${layoutText.nav}">
                    <ul>
                      ${NAV.map((n) => html`<li><a href="${n.href}" ${f.current === n.id ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}
                    </ul>
                  </nav>
                  <div class="who">
                    <span class="muted">${layoutText.signedInAs}</span> <strong>${f.partner.name}</strong>
                    <form method="post" action="/sign-out">${csrfField(f.partner.csrf)}<button class="link">${layoutText.signOut}</button></form>
                  </div>`
              : ''
          }
        </header>
        <main id="main" tabindex="-1">${f.body}</main>
        <footer class="foot muted">${layoutText.footer}</footer>
      </body>
    </html>`;
}

/** A short message block (role=status for success, role=alert for errors). */
export function notice(kind: 'ok' | 'error' | undefined, text: string | undefined): Html {
  if (!kind || !text) return html``;
  return html`<div class="notice notice-${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</div>`;
}
