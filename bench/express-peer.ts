/**
 * The peer of bench/order-gate.ts: a bare Express 5 JSON endpoint in a process of its own, the
 * same request shape (JSON body parsed) and a JSON answer, nothing else. Port over IPC.
 */
import express from 'express';

const app = express();
app.post('/v1/orders/authorize', express.json(), (req, res) => {
  res.json({ allowed: typeof req.body?.tenantId === 'string' });
});
const server = app.listen(0, () => {
  const addr = server.address();
  process.send!({ port: typeof addr === 'object' && addr ? addr.port : 0 });
});
process.once('disconnect', () => server.close(() => process.exit(0)));
