import express from 'express';
import Router from 'express-promise-router';
import { HealthService } from './service/HealthService';

export interface RouterOptions {
  health: HealthService;
}

export async function createRouter({
  health,
}: RouterOptions): Promise<express.Router> {
  const router = Router();
  router.use(express.json());

  // Unauthenticated on purpose (see plugin.ts): load balancers and the
  // testbed's scripts call it; it returns no credentials and no workloads.
  router.get('/health', async (_req, res) => {
    const result = await health.check();
    res.status(result.ready ? 200 : 503).json(result);
  });

  return router;
}
