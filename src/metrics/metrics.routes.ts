import express, { type Request, Router } from 'express';
import helmet from 'helmet';
import { AppError } from '../errors.ts';
import { errorHandler, notFound } from '../http/errors.ts';
import { sameDigest } from '../secrets.ts';
import type { Metrics } from './metrics.ts';

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

/**
 * `GET /metrics`. With a token, a request needs `Authorization: Bearer
 * <token>`; without one the route is open, which is only for a listener on
 * its own port (`METRICS_PORT`).
 */
export function metricsRoutes(metrics: Metrics, token: string | undefined): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (token !== undefined) {
      const given = bearer(req);
      if (given === undefined || !sameDigest(given, token)) {
        throw new AppError(
          401,
          'unauthorized',
          { en: 'metrics need Authorization: Bearer <METRICS_TOKEN>', zh: '读取指标须带 Authorization: Bearer <METRICS_TOKEN>' },
          undefined,
          {
            'WWW-Authenticate': 'Bearer realm="metrics"',
          },
        );
      }
    }
    const { contentType, body } = await metrics.render();
    res.type(contentType).send(body);
  });
  return router;
}

/** The app for a separate metrics port: /metrics only. */
export function metricsApp(metrics: Metrics): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(metricsRoutes(metrics, undefined));
  app.use(notFound);
  app.use(errorHandler());
  return app;
}
