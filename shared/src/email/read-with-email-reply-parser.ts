import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * How long email-reply-parser may take for one reply. An ordinary reply takes milliseconds;
 * its regexes backtrack on crafted input (test/fixtures/email/backtracking-reply.ts) for
 * minutes, and JavaScript cannot interrupt a regex on its own thread.
 */
export const REPLY_PARSE_BUDGET_MS = 2_000;
/** The thread parses one reply of at most MAX_REPLY_CHARS; this is ample and bounds a runaway. */
const THREAD_HEAP_MB = 64;

export type ReplyParseFailure = 'over-budget' | 'failed';

/** email-reply-parser did not give an answer for this reply. */
export class ReplyParseError extends Error {
  override readonly name = 'ReplyParseError';
  constructor(
    readonly code: ReplyParseFailure,
    message: string,
  ) {
    super(message);
  }
}

// Next to this file in the source tree; tsx, jest and the Docker image all run from sources.
const THREAD_FILE = path.join(__dirname, 'email-reply-parser-thread.mjs');

/**
 * email-reply-parser's visible text of `text`, computed in a worker thread that is terminated
 * once `budgetMs` have passed: the event loop (the API, in a one-process setup) never waits on it.
 * One thread per call: replies are few, and a thread that was stopped mid-regex is not reused.
 */
export function readWithEmailReplyParser(text: string, budgetMs = REPLY_PARSE_BUDGET_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    // No loader flags of the parent (tsx) and no environment: the thread only needs the library.
    const worker = new Worker(THREAD_FILE, { execArgv: [], env: {}, resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      finish();
    };
    const fail = (code: ReplyParseFailure, message: string) => settle(() => reject(new ReplyParseError(code, message)));

    // The budget is for the parse: starting a thread on a loaded machine is not the reply's fault.
    worker.once('online', () => {
      timer = setTimeout(() => fail('over-budget', `the reply could not be parsed within the time budget (${budgetMs / 1000} s)`), budgetMs);
    });
    worker.once('message', (visible: unknown) => {
      if (typeof visible === 'string') settle(() => resolve(visible));
      else fail('failed', 'email-reply-parser returned no text');
    });
    worker.once('error', (err) => fail('failed', `email-reply-parser failed: ${err.message}`));
    worker.once('exit', (code) => fail('failed', `email-reply-parser's thread exited (code ${code}) without an answer`));
    worker.postMessage(text);
  });
}
