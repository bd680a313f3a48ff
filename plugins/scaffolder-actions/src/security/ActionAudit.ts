import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { ActionGuard, Initiator } from './ActionGuard';

/** The parts of an action context the audit reads. */
export interface AuditedContext {
  task?: { id: string };
  isDryRun?: boolean;
  getInitiatorCredentials(): Promise<BackstageCredentials>;
}

/** What an audited step says about itself: names only, never content. */
export interface AuditTarget extends JsonObject {}

/**
 * One audit event per write action run, through Backstage's auditor: who
 * (the task initiator), what (action, Karmada instance, clusters, objects by
 * name) and how it ended. Refusals are events too: they are what an attack
 * looks like.
 */
export class ActionAudit {
  constructor(
    private readonly auditor: AuditorService,
    private readonly guard: ActionGuard,
  ) {}

  /**
   * Runs `body` for the task's initiator inside an audit event. `body`
   * returns what to add to the event on success (e.g. the objects written).
   */
  async run(
    ctx: AuditedContext,
    options: {
      actionId: string;
      severityLevel: AuditorServiceEventSeverityLevel;
      target: AuditTarget;
    },
    body: (initiator: Initiator) => Promise<JsonObject | void>,
  ): Promise<void> {
    const dryRun = Boolean(ctx.isDryRun);
    const base: JsonObject = {
      actionId: options.actionId,
      taskId: ctx.task?.id ?? null,
      dryRun,
      ...options.target,
    };
    const severityLevel = dryRun ? 'low' : options.severityLevel; // a dry run writes nothing
    let initiator: Initiator;
    try {
      initiator = await this.guard.initiator(ctx);
    } catch (error) {
      const refused = await this.auditor.createEvent({
        eventId: 'multicluster-action',
        severityLevel,
        meta: base,
      });
      await refused.fail({ error: error as Error });
      throw error;
    }
    const meta = { ...base, actor: initiator.ref };
    const event = await this.auditor.createEvent({
      eventId: 'multicluster-action',
      severityLevel,
      meta,
    });
    try {
      const outcome = await body(initiator);
      await event.success({ meta: outcome ?? {} });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }
}
