import { LoggerService } from '@backstage/backend-plugin-api';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  KubernetesConnection,
  readKubeconfig,
} from '@multiregion/backstage-plugin-multicluster-node';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ActionEnvironment } from '../actions/ActionEnvironment';
import { TestbedProvider } from '../providers/testbed/TestbedProvider';
import { credentialsOf, PLATFORM_USER, testSecurity } from './security';

/** Integration tests run when `make test` started the testbed. */
export const testbedEnabled = process.env.MULTICLUSTER_TESTBED === '1';
export const describeTestbed = testbedEnabled ? describe : describe.skip;

export const launcher = resolve(__dirname, '../../../../testbed/testbed');

/** Launcher environment: the same state and ports as the running testbed. */
export const launcherEnv = Object.fromEntries(
  ['TESTBED_STATE', 'TESTBED_BASE_PORT']
    .filter(k => process.env[k])
    .map(k => [k, process.env[k]!]),
);

/** Runs the launcher against the running testbed; returns its stdout. */
export function runTestbed(...args: string[]): string {
  return execFileSync(launcher, args, {
    env: { ...process.env, ...launcherEnv },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

export function testbedEnvironment(
  security = testSecurity(),
): ActionEnvironment {
  // Jest runs skipped describe bodies too: without a testbed, nothing to read.
  if (!testbedEnabled) {
    return { instances: [], providers: [], regions: [], security };
  }
  const admin = readKubeconfig(
    process.env.TESTBED_KARMADA_KUBECONFIG!,
    undefined,
    'TESTBED_KARMADA_KUBECONFIG',
  );
  return {
    instances: [
      {
        name: 'testbed',
        url: admin.url,
        caData: admin.caData,
        dangerouslySkipTLSVerify: false,
        auth: admin.auth,
      },
    ],
    providers: [new TestbedProvider('testbed', launcher, launcherEnv)],
    regions: ['na', 'eu', 'sea'],
    security,
  };
}

export function karmadaAdmin(): KubernetesConnection {
  return new KubernetesConnection(testbedEnvironment().instances[0]);
}

/** kubectl against Karmada (`karmada`) or a member kubeconfig path. */
export function kubectl(kubeconfig: string, ...args: string[]): string {
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Everything an action run printed or output, for the credential scan. */
export class RunRecorder {
  readonly lines: string[] = [];

  readonly logger: LoggerService = {
    info: (m, meta) => this.record('info', m, meta),
    warn: (m, meta) => this.record('warn', m, meta),
    error: (m, meta) => this.record('error', m, meta),
    debug: (m, meta) => this.record('debug', m, meta),
    child: () => this.logger,
  };

  private record(level: string, message: string, meta?: unknown) {
    this.lines.push(`${level} ${message} ${meta ? JSON.stringify(meta) : ''}`);
  }

  /** Runs an action like the task worker does and returns its outputs. */
  async run<T extends Record<string, unknown>>(
    action: TemplateAction<any, any, any>,
    input: Record<string, unknown>,
    options: {
      dryRun?: boolean;
      secrets?: Record<string, string>;
      workspacePath?: string;
      /** Who started the task; the platform user by default. */
      as?: string;
    } = {},
  ): Promise<T> {
    const credentials = credentialsOf(options.as ?? PLATFORM_USER);
    const ctx = createMockActionContext({
      input: input as any,
      logger: this.logger,
      secrets: options.secrets,
      ...(options.workspacePath
        ? { workspacePath: options.workspacePath }
        : {}),
    });
    (ctx as { isDryRun?: boolean }).isDryRun = options.dryRun;
    (
      ctx as { getInitiatorCredentials(): Promise<unknown> }
    ).getInitiatorCredentials = async () => credentials;
    const outputs: Record<string, unknown> = {};
    (ctx.output as jest.Mock).mockImplementation((k: string, v: unknown) => {
      outputs[k] = v;
    });
    try {
      await action.handler(ctx as any);
    } catch (error) {
      this.lines.push(`thrown ${(error as Error).message}`);
      throw error;
    }
    this.lines.push(`outputs ${JSON.stringify(outputs)}`);
    return outputs as T;
  }

  text(): string {
    return this.lines.join('\n');
  }
}
