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
// CPU used so far, asked by the bench before and after each run: CPU per request does not drift with the machine's load as req/s does.
process.on('message', (m) => m === 'cpu' && process.send!({ cpu: process.cpuUsage() }));
process.once('disconnect', () => server.close(() => process.exit(0)));
