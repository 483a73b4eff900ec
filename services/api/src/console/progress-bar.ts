import type { CampaignProgress } from './campaign-progress';
import { html, type Html } from './html';

export const progressText = {
  of: '{done} of {total} done',
  percent: '{percent}%',
  noneYet: 'No customers yet',
};

/** The visible label; campaign-progress.js writes the same words from the same numbers. */
export function progressLabel(p: CampaignProgress): string {
  return p.total === 0 ? progressText.noneYet : progressText.of.replace('{done}', String(p.done)).replace('{total}', String(p.total));
}

/** Percent of the bar's width, to one decimal. */
const share = (n: number, total: number) => (total === 0 ? 0 : Math.round((n / total) * 1000) / 10);

/**
 * A campaign's progress: a `progressbar` (valuenow = done, valuemax = total) drawn as an SVG,
 * whose rect widths are attributes rather than inline styles (the CSP forbids those), with a
 * second, lighter segment for the requests out with the representatives. The data attributes
 * are what campaign-progress.js updates.
 */
export function progressBar(p: CampaignProgress, opts: { label: string; compact?: boolean }): Html {
  const done = share(p.done, p.total);
  const sent = Math.min(100 - done, share(p.sent, p.total));
  return html`<div class="progress${opts.compact ? ' compact' : ''}" data-progress>
    <div
      class="bar"
      role="progressbar"
      aria-label="${opts.label}"
      aria-valuemin="0"
      aria-valuemax="${p.total}"
      aria-valuenow="${p.done}"
      aria-valuetext="${progressLabel(p)}"
    >
      <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect class="bar-track" width="100" height="10" />
        <rect class="bar-sent" data-bar-sent x="${done}" width="${sent}" height="10" />
        <rect class="bar-done" data-bar-done width="${done}" height="10" />
      </svg>
    </div>
    <p class="progress-label">
      ${opts.compact ? '' : html`<strong data-progress-text>${progressLabel(p)}</strong> · `}<span data-progress-percent
        >${progressText.percent.replace('{percent}', String(p.percent))}</span
      >
    </p>
  </div>`;
}
