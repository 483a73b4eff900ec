import { setTimeout as sleep } from 'node:timers/promises';
import { type CampaignView, findCampaign, findPartner, presentCampaign } from '@mca/api';
import { objectIdOption } from '../args';
import type { Command } from '../command';
import { ProgressLine, type ProgressStream } from '../progress-bar';
import { UsageError } from '../usage-error';
import { CAMPAIGN_OPTION, PARTNER_OPTION, countsLine, waitingOf } from './campaign-view';

/** Once a second: the counts move at the send rate, and a person watching wants no more. */
const POLL_MS = 1000;
/** What a shell reports for a command ended by Ctrl-C (128 + SIGINT). */
const INTERRUPTED = 130;

export const campaignWatch: Command = {
  path: ['campaign', 'watch'],
  summary: 'follow a campaign with a progress bar until it is completed or cancelled',
  options: { partner: PARTNER_OPTION, campaign: CAMPAIGN_OPTION },
  details: [
    'The bar counts the customers the campaign is done with (answered, skipped, ended) against all it',
    'matched; the line after it has every count. Redrawn in place on a terminal, a line per change',
    "in a pipe. With --json: one line of JSON (the API's campaign) per change. Exit 0 when the",
    'campaign is completed, 1 when it is (or gets) cancelled, 130 on Ctrl-C (the campaign goes on).',
  ].join('\n'),
  async run(operator, { values }) {
    const partnerId = objectIdOption(values, 'partner');
    const campaignId = objectIdOption(values, 'campaign');
    const ctx = await operator.context();
    const partner = await findPartner(ctx, partnerId);
    const show = values.json ? jsonLines(process.stdout) : progress(process.stdout);
    // Ctrl-C ends the watching, not the campaign: the bar's line is finished and the operator told so.
    const interrupted = new AbortController();
    const onInterrupt = () => interrupted.abort();
    process.once('SIGINT', onInterrupt);
    let view: CampaignView;
    try {
      for (;;) {
        view = await presentCampaign(ctx, await findCampaign(ctx, partner._id, campaignId));
        show.update(view);
        if (view.status === 'completed' || view.status === 'cancelled') break;
        const stopped = await sleep(POLL_MS, false, { signal: interrupted.signal }).catch(() => true);
        if (stopped) break;
      }
    } finally {
      process.removeListener('SIGINT', onInterrupt);
      show.finish();
    }
    if (interrupted.signal.aborted && view.status !== 'completed' && view.status !== 'cancelled') {
      process.stderr.write(`mca: stopped watching campaign ${view.id}; it goes on (${view.status})\n`);
      return { json: view, text: '', printed: true, exitCode: INTERRUPTED };
    }
    if (view.status === 'cancelled') throw new UsageError(`campaign ${view.id} was cancelled`);
    return { json: view, text: '', printed: true };
  },
};

interface Shower {
  update(v: CampaignView): void;
  finish(): void;
}

function jsonLines(out: ProgressStream): Shower {
  let last = '';
  return {
    update(v) {
      const line = JSON.stringify(v);
      if (line !== last) out.write(`${line}\n`);
      last = line;
    },
    finish() {},
  };
}

function progress(out: ProgressStream): Shower {
  const line = new ProgressLine(out);
  return {
    update(v) {
      const c = v.counts;
      line.update({ done: c.total - waitingOf(c), total: c.total, label: `done, ${v.status}: ${countsLine(c)}` });
    },
    finish: () => line.finish(),
  };
}
