import { ReplyParseError } from '@mca/inbound-email';
import { metrics } from '@mca/platform';
import { readWithEmailReplyParser } from '../../../inbound-email/src/read-with-email-reply-parser';
import { backtrackingReplyBody } from '../../fixtures/email/backtracking-reply';

const reply = (words: string) => `${words}\n\nOn Tue, 12 Mar 2019 at 10:00, Contoso <c@contoso.example> wrote:\n> Hi\n`;
const REPLY = reply('I accept');
const threadsStarted = async () => (await metrics.replyParserThreads.get()).values.reduce((sum, v) => sum + v.value, 0);

describe('email-reply-parser in a worker thread with a time budget', () => {
  test('an ordinary reply is parsed in the thread', async () => {
    const visible = await readWithEmailReplyParser(REPLY);
    expect(visible.trim()).toBe('I accept');
  });

  test('a reply it backtracks on is stopped at the budget, and the event loop runs meanwhile', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    try {
      const read = readWithEmailReplyParser(backtrackingReplyBody(32 * 1024), 500);
      await expect(read).rejects.toThrow(ReplyParseError);
      await expect(read).rejects.toMatchObject({ code: 'over-budget', message: 'the reply could not be parsed within the time budget (0.5 s)' });
    } finally {
      clearInterval(ticker);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  test('threads are reused from one reply to the next: a thread start costs tens of ms of CPU', async () => {
    await readWithEmailReplyParser(REPLY); // a thread is warm
    const before = await threadsStarted();
    for (let i = 0; i < 5; i++) expect((await readWithEmailReplyParser(reply(`I accept (${i})`))).trim()).toBe(`I accept (${i})`);
    expect(await threadsStarted()).toBe(before);
  });

  test('a thread stopped over budget is replaced: replies in flight and after it get their answer', async () => {
    const ordinary = Array.from({ length: 3 }, (_, i) => readWithEmailReplyParser(reply(`I accept (${i})`)));
    const runaway = readWithEmailReplyParser(backtrackingReplyBody(32 * 1024), 300);
    await expect(runaway).rejects.toMatchObject({ code: 'over-budget' });
    for (const [i, read] of ordinary.entries()) expect((await read).trim()).toBe(`I accept (${i})`);
    expect((await readWithEmailReplyParser(REPLY)).trim()).toBe('I accept');
  });
});
