import { LoggerService } from '@backstage/backend-plugin-api';
import { ApplyResult, ServerSideApplier } from './ServerSideApplier';
import { describeObject, KubernetesObject } from './objects';

/** One object an action applied, as reported in its output. */
export interface ChangeRecord {
  /** Where it was applied: a Karmada instance or member cluster name. */
  target: string;
  ref: string;
  result: ApplyResult;
}

/**
 * The objects one action run applied, in order, so the run can report
 * created / configured / unchanged and roll back what it created.
 */
export class ChangeSet {
  readonly records: ChangeRecord[] = [];
  private readonly created: Array<{
    applier: ServerSideApplier;
    object: KubernetesObject;
  }> = [];
  private readonly dryRunNamespaces = new Set<string>();

  constructor(
    private readonly logger: LoggerService,
    private readonly dryRun: boolean,
  ) {}

  /** Applies one object and logs its name and result (never its content). */
  async apply(
    applier: ServerSideApplier,
    object: KubernetesObject,
    options: { force?: boolean; defaultNamespace?: string } = {},
  ): Promise<KubernetesObject> {
    const target = applier.connection.name;
    const namespace = object.metadata.namespace ?? options.defaultNamespace;
    // A dry run cannot place objects in a namespace it only pretended to create.
    if (
      this.dryRun &&
      namespace &&
      this.dryRunNamespaces.has(`${target}/${namespace}`)
    ) {
      this.record(target, describeObject(object), 'created');
      return object;
    }
    const applied = await applier.apply(object, {
      ...options,
      dryRun: this.dryRun,
    });
    if (
      this.dryRun &&
      object.kind === 'Namespace' &&
      applied.result === 'created'
    ) {
      this.dryRunNamespaces.add(`${target}/${object.metadata.name}`);
    }
    if (applied.result === 'created' && !this.dryRun) {
      this.created.push({ applier, object: applied.object });
    }
    this.record(target, applied.ref, applied.result);
    return applied.object;
  }

  /** `unchanged` when every object was, `created` when all were new. */
  overall(): ApplyResult {
    if (this.records.every(r => r.result === 'unchanged')) return 'unchanged';
    if (this.records.every(r => r.result === 'created')) return 'created';
    return 'configured';
  }

  /** Names what this run created, for an error message. */
  createdRefs(): string[] {
    return this.created.map(
      c => `${c.applier.connection.name}: ${describeObject(c.object)}`,
    );
  }

  /**
   * Deletes what this run created, newest first. Returns what could not be
   * deleted; objects that existed before the run are left as they are.
   */
  async rollback(): Promise<{ removed: string[]; remaining: string[] }> {
    const removed: string[] = [];
    const remaining: string[] = [];
    for (const { applier, object } of [...this.created].reverse()) {
      const ref = `${applier.connection.name}: ${describeObject(object)}`;
      try {
        await applier.delete(object);
        removed.push(ref);
        this.logger.info(`rolled back ${ref}`);
      } catch (error) {
        remaining.push(`${ref} (${(error as Error).message})`);
      }
    }
    this.created.length = 0;
    return { removed, remaining };
  }

  private record(target: string, ref: string, result: ApplyResult) {
    this.records.push({ target, ref, result });
    this.logger.info(
      `${this.dryRun ? '[dry run] ' : ''}${target}: ${ref} ${result}`,
    );
  }
}

/**
 * Rolls back a failed run and throws an error that says what failed, what
 * was removed and exactly what remains.
 */
export async function failAfterRollback(
  changes: ChangeSet,
  error: unknown,
  extraRemaining: string[] = [],
): Promise<never> {
  const { removed, remaining } = await changes.rollback();
  const left = [...remaining, ...extraRemaining];
  const parts = [(error as Error).message ?? String(error)];
  if (removed.length) parts.push(`rolled back: ${removed.join('; ')}`);
  parts.push(
    left.length ? `left behind: ${left.join('; ')}` : 'nothing was left behind',
  );
  const failure = new Error(parts.join('. '));
  failure.name = (error as Error).name ?? 'Error';
  throw failure;
}
