/**
 * The HTTP ceiling: a bare Express 5 app that parses the push body with
 * express.json() and answers {"value": true}. No auth, no validation, no
 * database: the most a Node HTTP server on this machine can do with the
 * same requests.
 */
import express from 'express';

const app = express();
app.use(express.json({ limit: '10mb' }));
app.post('/api/openapi/v2/invoicing', (_req, res) => {
  res.json({ value: true });
});

const server = app.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
const stop = () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
