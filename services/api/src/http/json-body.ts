import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';

/** How ordering systems send their JSON: lowercase, no parameters but utf-8. Only these skip body-parser. */
const PLAIN_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);

// eslint-disable-next-line no-control-regex -- JSON's four whitespace characters, as body-parser has them
const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;

/** What body-parser's errors carry for http/problem.ts: the same status and type, so the same problem document. */
function bodyError(message: string, status: number, type: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(message), { status, statusCode: status, expose: true, type, ...extra });
}

/** express.json's strict parse: empty is `{}`, an object or array only, a leading BOM dropped (as its decoder does). */
function parseStrict(text: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  if (text[0] !== '{' && text[0] !== '[') {
    const first = FIRST_NON_WHITESPACE.exec(text)?.[1];
    if (first !== '{' && first !== '[') throw bodyError('strict violation', 400, 'entity.parse.failed');
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw bodyError((err as Error).message, 400, 'entity.parse.failed');
  }
}

/**
 * A JSON body of at most `limit` bytes, as `express.json({ limit })` would give it. The usual
 * request (a plain JSON content type, a Content-Length within the limit, no content encoding) is
 * read here with three listeners and one parse; body-parser's content-type parsing, raw-body's
 * five listeners and its decoder were a tenth of the ordering path's CPU. Anything else (chunked,
 * compressed, another charset, too large) goes to express.json itself, so every odd case is
 * answered exactly as before.
 */
export function jsonBodyReader(limit: number): (req: IncomingMessage, res: ServerResponse) => Promise<unknown> {
  const parser = express.json({ limit });
  const throughBodyParser = (req: IncomingMessage, res: ServerResponse) =>
    new Promise<unknown>((resolve, reject) => {
      // body-parser asks nothing of Express's request or response: the raw ones do.
      parser(req as express.Request, res as express.Response, (err?: unknown) => (err ? reject(err) : resolve((req as express.Request).body)));
    });

  return (req, res) => {
    const h = req.headers;
    const length = h['content-length'];
    const plain =
      length !== undefined &&
      Number(length) <= limit &&
      h['transfer-encoding'] === undefined &&
      h['content-encoding'] === undefined &&
      PLAIN_TYPES.has(h['content-type']!);
    if (!plain) return throughBodyParser(req, res);
    return new Promise((resolve, reject) => {
      let first: Buffer | undefined;
      let more: Buffer[] | undefined;
      req.on('data', (chunk: Buffer) => {
        if (!first) first = chunk;
        else (more ??= [first]).push(chunk);
      });
      req.on('end', () => {
        try {
          resolve(parseStrict(more ? Buffer.concat(more).toString('utf8') : (first?.toString('utf8') ?? '')));
        } catch (err) {
          reject(err);
        }
      });
      // Node's parser ends a body only at its Content-Length: short of it, the client went away.
      req.on('aborted', () => reject(bodyError('request aborted', 400, 'request.aborted', { code: 'ECONNABORTED', expected: Number(length) })));
    });
  };
}
