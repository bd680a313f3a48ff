import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ClusterError } from '@multiregion/backstage-plugin-multicluster-common';
import type { Request } from 'express';
import { isKarmadaErrorSource } from './clusterErrors';

/** What an entity route reads from member clusters. */
export type MemberReadType = 'pods' | 'mesh';

/** The part of a pods or mesh answer that says which members were asked. */
export interface MemberReadAnswer {
  clusters: Array<{ cluster: string }>;
  errors: ClusterError[];
}

export interface AuditMemberReadOptions {
  auditor: AuditorService;
  logger: LoggerService;
  /** An entity route's request: `:namespace/:kind/:name` in its params. */
  req: Request;
  queryType: MemberReadType;
}

/**
 * Runs `read` as one audit event: reads through Karmada's cluster proxy use
 * the plugin's own identity on every member, so who asked for which entity
 * and which clusters answered is worth a record. Named like the Kubernetes
 * plugin's `resource-fetch` (`queryType`, `entityRef`). The meta holds names
 * only: no object contents, no credentials.
 *
 * `low` like the Kubernetes plugin's `resource-fetch`, for the same reason:
 * the Regions tab asks every 10 seconds for as long as it is open. Raise it
 * with `backend.auditor.severityLogLevelMappings.low` where needed.
 */
export async function auditMemberRead<T extends MemberReadAnswer>(
  options: AuditMemberReadOptions,
  read: () => Promise<T>,
): Promise<T> {
  const { auditor, logger, req, queryType } = options;
  const { namespace, kind, name } = req.params;
  const event = await auditor.createEvent({
    eventId: 'resource-fetch',
    severityLevel: 'low',
    request: req,
    meta: {
      queryType,
      entityRef: stringifyEntityRef({ kind, namespace, name }),
    },
  });

  let answer: T;
  try {
    answer = await read();
  } catch (error) {
    await emit(logger, () =>
      event.fail({
        error: error instanceof Error ? error : new Error(String(error)),
      }),
    );
    throw error;
  }
  await emit(logger, () =>
    event.success({ meta: { clusters: membersOf(answer) } }),
  );
  return answer;
}

/** An audit sink that fails must not change the answer; it is logged. */
async function emit(logger: LoggerService, send: () => Promise<void>) {
  try {
    await send();
  } catch (error) {
    logger.error(`Failed to emit audit event resource-fetch: ${error}`);
  }
}

/** Names of the members that were asked, whether they answered or not. */
function membersOf(answer: MemberReadAnswer): string[] {
  const names = [
    ...answer.clusters.map(c => c.cluster),
    ...answer.errors.map(e => e.cluster).filter(c => !isKarmadaErrorSource(c)),
  ];
  return [...new Set(names)].sort();
}
