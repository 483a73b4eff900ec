import { ReplyParseError } from '../../../shared/src/email';
import { readWithEmailReplyParser } from '../../../shared/src/email/read-with-email-reply-parser';
import { backtrackingReplyBody } from '../../fixtures/email/backtracking-reply';

describe('email-reply-parser in a worker thread with a time budget', () => {
  test('an ordinary reply is parsed in the thread', async () => {
    const visible = await readWithEmailReplyParser('I accept\n\nOn Tue, 12 Mar 2019 at 10:00, Contoso <c@contoso.example> wrote:\n> Hi\n');
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
});
