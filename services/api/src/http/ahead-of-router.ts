import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Request, Response } from 'express';

type Handle = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/**
 * Lets `serve` answer the requests `claims` picks before the app does anything with them: no
 * prototypes swapped onto req and res, no router walked, no app-wide middleware. Every other
 * request reaches the app exactly as before. The app function Express makes calls `app.handle`,
 * however the app is served (app.listen, http.createServer(app), supertest), so the claim is made there.
 */
export function answerAhead(app: Express, claims: (req: IncomingMessage) => boolean, serve: (req: IncomingMessage, res: ServerResponse) => void): void {
  const internals = app as unknown as { handle: Handle };
  const handle = internals.handle.bind(app);
  internals.handle = (req, res, next) => (claims(req) ? serve(req, res) : handle(req, res, next));
}

/** A claimed request made the app's after all (what app.handle does first): for handlers written for Express, such as the error handler. */
export function asExpress(app: Express, req: IncomingMessage, res: ServerResponse): { req: Request; res: Response } {
  const r = req as Request;
  const s = res as Response;
  r.res = s;
  s.req = r;
  Object.setPrototypeOf(req, app.request);
  Object.setPrototypeOf(res, app.response);
  s.locals ??= Object.create(null) as Response['locals'];
  return { req: r, res: s };
}
