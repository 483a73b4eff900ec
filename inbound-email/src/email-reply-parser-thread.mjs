// Runs email-reply-parser off the main thread (see read-with-email-reply-parser.ts), so that a
// reply it backtracks on for minutes costs one terminated thread instead of the event loop.
// One reply at a time, as many as the thread is given: its parent reuses it until one overruns.
// Plain JavaScript on purpose: a worker thread does not get the TypeScript loader of its
// parent (tsx, jest, swc), and this file needs nothing but the library.
import { parentPort } from 'node:worker_threads';
import EmailReplyParser from 'email-reply-parser';

parentPort.on('message', (text) => {
  parentPort.postMessage(new EmailReplyParser().parseReply(text));
});
