/**
 * The peer of the webhook ingest bench: a bare express endpoint in a process of its own that
 * reads the body and answers 202, nothing else. Tells its parent its port over IPC.
 */
import express from 'express';

const app = express();
app.post('/ingest', (req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => res.status(202).json({ id: 'x', duplicate: false }));
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
