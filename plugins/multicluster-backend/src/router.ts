import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { isError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { multiclusterClustersReadPermission } from '@multiregion/backstage-plugin-multicluster-common';
import express from 'express';
import Router from 'express-promise-router';
import { auditMemberRead } from './service/auditMemberRead';
import { ClustersService } from './service/ClustersService';
import { HealthService } from './service/HealthService';
import { PlacementService } from './service/PlacementService';
import { PodsService } from './service/PodsService';
import { ReadableEntities } from './service/ReadableEntities';
import { MeshService } from './service/mesh/MeshService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
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
  const { httpAuth, permissions, auditor, logger } = options;
  const router = Router();
  router.use(express.json());

  // Unauthenticated on purpose (see plugin.ts): load balancers and scripts
  // call it. They learn ready or not; the details (URLs, reasons, cache
  // state) describe the infrastructure and need a user or service token.
  router.get('/health', async (req, res) => {
    const [result, detailed] = await Promise.all([
      options.health.check(),
      hasValidCredentials(req),
    ]);
    res
      .status(result.ready ? 200 : 503)
      .json(detailed ? result : { ready: result.ready });
  });

  /** True for a valid user or service token; false without one or for an invalid one. */
  async function hasValidCredentials(req: express.Request): Promise<boolean> {
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service', 'none'],
      });
      return (credentials.principal as { type: string }).type !== 'none';
    } catch (error) {
      // A token that does not verify is no credential: the caller gets the
      // anonymous answer rather than a 401, as a probe without a token would.
      if (isError(error) && error.name === 'AuthenticationError') {
        return false;
      }
      throw error;
    }
  }

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

  // Pods and mesh read member clusters through Karmada's cluster proxy:
  // each request is an audit event, refused ones included.
  router.get('/entities/:namespace/:kind/:name/pods', async (req, res) => {
    const answer = await auditMemberRead(
      { auditor, logger, req, queryType: 'pods' },
      async () => options.pods.getPods(await readableEntity(req)),
    );
    res.json(answer);
  });

  router.get('/entities/:namespace/:kind/:name/mesh', async (req, res) => {
    const answer = await auditMemberRead(
      { auditor, logger, req, queryType: 'mesh' },
      async () => options.mesh.getMesh(await readableEntity(req)),
    );
    res.json(answer);
  });

  return router;
}
