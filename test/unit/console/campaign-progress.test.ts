import { zeroCounts } from '@mca/core';
import { campaignProgress } from '../../../services/api/src/console/campaign-progress';
import { progressBar } from '../../../services/api/src/console/progress-bar';

describe("a campaign's progress", () => {
  test('done is every customer no longer queued, sent or bounced: answered, ended and skipped count', () => {
    const counts = { ...zeroCounts(), total: 10, queued: 2, sent: 3, bounced: 1, accepted: 1, declined: 1, needsReview: 1, skipped: 1 };
    expect(campaignProgress(counts)).toEqual({ done: 4, sent: 3, total: 10, percent: 40 });
    expect(campaignProgress({ ...counts, queued: 0, sent: 0, bounced: 0, accepted: 7 })).toMatchObject({ done: 10, percent: 100 });
  });

  test('no customers matched yet is 0 %, not done', () => {
    expect(campaignProgress(zeroCounts())).toEqual({ done: 0, sent: 0, total: 0, percent: 0 });
  });

  test('the bar carries the progressbar values and draws done and sent side by side', () => {
    const out = String(progressBar(campaignProgress({ ...zeroCounts(), total: 4, sent: 2, skipped: 1, accepted: 1 }), { label: 'Progress' }));
    expect(out).toMatch(/role="progressbar"[^>]*aria-valuemin="0"[^>]*aria-valuemax="4"[^>]*aria-valuenow="2"/);
    expect(out).toContain('2 of 4 done');
    expect(out).toMatch(/class="bar-sent" data-bar-sent x="50" width="50"/);
    expect(out).not.toMatch(/style=/);
  });
});
