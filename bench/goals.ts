import type { benchOrderGate } from './order-gate';
import type { benchPipeline } from './pipeline';
import type { CampaignBench } from './campaigns';
import type { CampaignProcessesBench } from './campaign-processes';

type Gate = Awaited<ReturnType<typeof benchOrderGate>>;
type Pipeline = Awaited<ReturnType<typeof benchPipeline>>;

export interface GoalRow {
  goal: string;
  figure: string;
  peer: string;
  ratio: string;
  met: boolean;
}

/**
 * The portfolio-scale issue's goals, each beside its peer from the same run: the one table
 * `npm run bench` ends with. A goal is met only by what was measured, never by a default.
 */
export function goalRows(gate: Gate, pipeline?: Pipeline, campaigns?: CampaignBench, deployed?: CampaignProcessesBench): GoalRow[] {
  const rows: GoalRow[] = [];
  if (campaigns) rows.push(...campaignGoalRows(campaigns));
  if (deployed) rows.push(deployedRssRow(deployed));
  for (const kind of ['locked', 'unlocked'] as const) {
    const r = gate[kind];
    rows.push({
      goal: `order gate, ${kind}, ${gate.customers} customers: >= 0.7x peer req/s`,
      figure: `${r.requestsPerSecond} req/s`,
      peer: `bare Express ${gate.peer.requestsPerSecond} req/s`,
      ratio: `${r.vsPeer.throughput}x`,
      met: r.vsPeer.throughput >= 0.7,
    });
    rows.push({
      goal: `order gate, ${kind}: p99 <= 2x peer p99`,
      figure: `p99 ${r.p99Ms.toFixed(1)} ms`,
      peer: `p99 ${gate.peer.p99Ms.toFixed(1)} ms`,
      ratio: `${r.vsPeer.p99}x`,
      met: r.vsPeer.p99 <= 2,
    });
  }
  const lag = gate.unlockPropagation.xaddToAllowedMs;
  rows.push({
    goal: 'unlock seen by another API instance within 100 ms',
    figure: `p50 ${lag.p50} ms, max ${lag.max} ms`,
    peer: '100 ms bound',
    ratio: `${(lag.max / 100).toFixed(2)}x`,
    met: lag.max <= 100,
  });
  if (!pipeline) return rows;
  const best = pipeline.pipeline.reduce((a, b) => (b.achievedPerSecond > a.achievedPerSecond ? b : a));
  rows.push({
    goal: 'consent pipeline: >= 200 replies/s sustained',
    figure: `${best.achievedPerSecond} replies/s (offered ${best.offered}/s)`,
    peer: `raw BullMQ ${pipeline.rawBullmq.oneQueuePerSecond} jobs/s`,
    ratio: `${pipeline.ratio.pipelineToRawOneQueue}x`,
    met: best.achievedPerSecond >= 200,
  });
  // The latency goal holds at the goal's rate: a low offered rate's p99 says nothing of it.
  rows.push({
    goal: 'consent pipeline: p99 <= 500 ms at >= 200 replies/s',
    figure: `p99 ${best.latencyMs.p99} ms at ${best.achievedPerSecond}/s`,
    peer: '500 ms bound',
    ratio: `${(best.latencyMs.p99 / 500).toFixed(2)}x`,
    met: best.achievedPerSecond >= 200 && best.latencyMs.p99 <= 500,
  });
  const w = pipeline.webhooks;
  for (const [name, x] of [
    ['/webhooks/email', w.email],
    ['/webhooks/docusign', w.docusign],
  ] as const) {
    rows.push({
      goal: `webhook ingest ${name}: >= 0.3x peer, nothing lost`,
      figure: `${x.perSecond} req/s, ${x.stored}/${x.acknowledged} stored`,
      peer: `bare Express ${w.bareExpress.perSecond} req/s`,
      ratio: `${x.ratioToBare}x`,
      met: x.ratioToBare >= 0.3 && x.stored === x.acknowledged,
    });
  }
  return rows;
}

/** The deadline-week issue's goals: a campaign's emails against raw pooled nodemailer, flat memory, a fast POST. */
function campaignGoalRows(c: CampaignBench): GoalRow[] {
  return [
    {
      goal: `campaign of ${c.customers}: >= 0.6x raw pooled nodemailer emails/s`,
      figure: `${c.campaign.emailsPerSecond} emails/s`,
      peer: `raw nodemailer ${c.rawNodemailer.emailsPerSecond}/s`,
      ratio: `${c.ratio}x`,
      met: c.ratio >= 0.6,
    },
    {
      goal: `campaign of ${c.customers}, one process (API, workers, bench client): RSS <= 300 MB`,
      figure: `peak ${c.campaign.peakRssMb} MB, live heap ${c.campaign.liveHeapMb.before} -> ${c.campaign.liveHeapMb.after} MB`,
      peer: '300 MB bound',
      ratio: `${(c.campaign.peakRssMb / 300).toFixed(2)}x`,
      met: c.campaign.peakRssMb <= 300,
    },
    {
      goal: `POST /v1/campaigns within 100 ms over ${c.customers} customers`,
      figure: `${c.creation.overAllMs} ms`,
      peer: `over none: p50 ${c.creation.overNoneP50Ms} ms`,
      ratio: `${(c.creation.overAllMs / 100).toFixed(2)}x`,
      met: c.creation.overAllMs <= 100,
    },
    {
      goal: `import of ${c.customers} rows: rows/s, peak RSS (no bound)`,
      figure: `${c.import.rowsPerSecond} rows/s`,
      peer: `peak RSS ${c.import.peakRssMb} MB`,
      ratio: '-',
      met: true,
    },
  ];
}

export function printGoals(rows: GoalRow[]): void {
  const widths = [64, 40, 32, 8];
  console.log('\ngoals (issue: portfolio scale), each against its peer from this run');
  console.log(['goal', 'figure', 'peer', 'ratio'].map((h, i) => h.padEnd(widths[i]!)).join('') + 'met');
  for (const r of rows) console.log([r.goal, r.figure, r.peer, r.ratio].map((c, i) => c.padEnd(widths[i]!)).join('') + (r.met ? 'yes' : 'NO'));
}

/** The campaign's memory as a deployment's containers see it: the API and the workers, each its own process. */
function deployedRssRow(d: CampaignProcessesBench): GoalRow {
  const worst = Math.max(d.rssMb.api.peak, d.rssMb.workers.peak);
  return {
    goal: `campaign of ${d.customers}, deployed shape: each process's RSS <= 300 MB`,
    figure: `api peak ${d.rssMb.api.peak} MB, workers peak ${d.rssMb.workers.peak} MB (${d.emailsPerSecond} emails/s)`,
    peer: '300 MB bound',
    ratio: `${(worst / 300).toFixed(2)}x`,
    met: worst <= 300,
  };
}
