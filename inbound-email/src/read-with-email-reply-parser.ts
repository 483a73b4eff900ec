import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { metrics } from '@mca/platform';

/**
 * How long email-reply-parser may take for one reply. An ordinary reply takes milliseconds;
 * its regexes backtrack on crafted input (test/fixtures/email/backtracking-reply.ts) for
 * minutes, and JavaScript cannot interrupt a regex on its own thread.
 */
export const REPLY_PARSE_BUDGET_MS = 2_000;
/** The thread parses one reply of at most MAX_REPLY_CHARS at a time; this is ample and bounds a runaway. */
const THREAD_HEAP_MB = 64;
/** Idle threads kept for the next replies: as many as replies are read side by side (inbound-email's concurrency) is plenty. */
const IDLE_THREADS = 4;

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

/** A started thread; `online` resolves once it runs (the budget counts from then, not from a slow start). */
interface ParserThread {
  worker: Worker;
  online: Promise<void>;
}

const idle: ParserThread[] = [];

function startThread(): ParserThread {
  // No loader flags of the parent (tsx) and no environment: the thread only needs the library.
  const worker = new Worker(THREAD_FILE, { execArgv: [], env: {}, resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
  metrics.replyParserThreads.inc();
  const online = new Promise<void>((resolve) => worker.once('online', () => resolve()));
  return { worker, online };
}

/** Back to the idle threads (not keeping the process alive), or stopped when enough wait already. */
function release(thread: ParserThread) {
  thread.worker.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
  if (idle.length >= IDLE_THREADS) {
    void thread.worker.terminate();
    return;
  }
  // An idle thread that dies (out of memory, say) must not be handed out again.
  thread.worker.once('exit', () => {
    const at = idle.indexOf(thread);
    if (at >= 0) idle.splice(at, 1);
  });
  thread.worker.unref();
  idle.push(thread);
}

/**
 * email-reply-parser's visible text of `text`, computed in a worker thread that is terminated
 * once `budgetMs` have passed: the event loop (the API, in a one-process setup) never waits on it.
 * Threads are reused (starting one costs tens of ms of CPU, more than the parse); one that was
 * stopped mid-regex, failed or exited is never reused, and the next reply starts a fresh one.
 */
export function readWithEmailReplyParser(text: string, budgetMs = REPLY_PARSE_BUDGET_MS): Promise<string> {
  const thread = idle.pop() ?? startThread();
  const { worker } = thread;
  worker.removeAllListeners('exit');
  worker.ref();
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (reusable: boolean, finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (reusable) release(thread);
      else {
        worker.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
        void worker.terminate();
      }
      finish();
    };
    const fail = (code: ReplyParseFailure, message: string) => settle(false, () => reject(new ReplyParseError(code, message)));

    // The budget is for the parse: starting a thread on a loaded machine is not the reply's fault.
    void thread.online.then(() => {
      if (settled) return;
      timer = setTimeout(() => fail('over-budget', `the reply could not be parsed within the time budget (${budgetMs / 1000} s)`), budgetMs);
    });
    worker.once('message', (visible: unknown) => {
      if (typeof visible === 'string') settle(true, () => resolve(visible));
      else fail('failed', 'email-reply-parser returned no text');
    });
    worker.once('error', (err) => fail('failed', `email-reply-parser failed: ${err.message}`));
    worker.once('exit', (code) => fail('failed', `email-reply-parser's thread exited (code ${code}) without an answer`));
    worker.postMessage(text);
  });
}
