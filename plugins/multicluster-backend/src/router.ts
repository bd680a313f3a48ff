import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { multiclusterClustersReadPermission } from '@multiregion/backstage-plugin-multicluster-common';
import express from 'express';
import Router from 'express-promise-router';
import { ClustersService } from './service/ClustersService';
import { HealthService } from './service/HealthService';
import { PlacementService } from './service/PlacementService';
import { PodsService } from './service/PodsService';
import { ReadableEntities } from './service/ReadableEntities';
import { MeshService } from './service/mesh/MeshService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  entities: ReadableEntities;
  health: HealthService;
  clusters: ClustersService;
  placement: PlacementService;
  pods: PodsService;
  mesh: MeshService;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions } = options;
  const router = Router();
  router.use(express.json());

  // Unauthenticated on purpose (see plugin.ts): load balancers and scripts
  // call it; it returns no credentials and no workloads.
  router.get('/health', async (_req, res) => {
    const result = await options.health.check();
    res.status(result.ready ? 200 : 503).json(result);
  });

  router.get('/clusters', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: multiclusterClustersReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('not allowed to read the cluster inventory');
    }
    res.json(options.clusters.listClusters());
  });

  /** The entity as the caller may see it; not visible means not found. */
  async function readableEntity(req: express.Request): Promise<Entity> {
    const { namespace, kind, name } = req.params;
    return options.entities.get(
      { namespace, kind, name },
      await httpAuth.credentials(req),
    );
  }

  router.get('/entities/:namespace/:kind/:name/placement', async (req, res) => {
    res.json(options.placement.getPlacement(await readableEntity(req)));
  });

  router.get('/entities/:namespace/:kind/:name/pods', async (req, res) => {
    res.json(await options.pods.getPods(await readableEntity(req)));
  });

  router.get('/entities/:namespace/:kind/:name/mesh', async (req, res) => {
    res.json(await options.mesh.getMesh(await readableEntity(req)));
  });

  return router;
}
