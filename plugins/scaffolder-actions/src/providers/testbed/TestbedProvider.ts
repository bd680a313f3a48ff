import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  KubernetesEndpoint,
  readKubeconfig,
  kubeconfigEndpoint,
} from '@multiregion/backstage-plugin-multicluster-node';
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import {
  ClusterCreateRequest,
  ClusterProvider,
  ProvisionedCluster,
} from '../ClusterProvider';
import { runLauncher } from './runLauncher';

/** What `testbed member add|show <name>` prints. */
interface MemberInfo {
  name: string;
  region: string;
  zones: string[];
  apiEndpoint: string;
  kubeconfig: string;
  running: boolean;
  owner?: string;
}

const SHOW_TIMEOUT_MS = 30_000;

/**
 * Creates members of the local testbed: a kube-apiserver, controller-manager,
 * scheduler and KWOK nodes on loopback, not yet registered in Karmada.
 */
export class TestbedProvider implements ClusterProvider {
  readonly type = 'testbed' as const;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly environment: Record<string, string>,
  ) {}

  async validate(request: ClusterCreateRequest): Promise<void> {
    const existing = await this.show(request.name);
    if (!existing) return;
    if (
      existing.region !== request.region ||
      existing.zones.join(',') !== request.zones.join(',')
    ) {
      throw new InputError(
        `name: testbed member '${request.name}' already exists in region ${
          existing.region
        } (zones ${existing.zones.join(', ')})`,
      );
    }
  }

  async exists(name: string): Promise<boolean> {
    return (await this.show(name)) !== undefined;
  }

  async recordedOwner(name: string): Promise<string | undefined> {
    return (await this.show(name))?.owner || undefined;
  }

  credentialsRefFor(cluster: string): string {
    return `${this.name}:${cluster}`;
  }

  async create(request: ClusterCreateRequest): Promise<ProvisionedCluster> {
    const existing = await this.show(request.name);
    const { stdout, stderr } = await runLauncher(
      this.command,
      [
        'member',
        'add',
        request.name,
        '--region',
        request.region,
        '--zones',
        request.zones.join(','),
        '--owner',
        request.owner,
      ],
      { environment: this.environment, timeoutMs: request.timeoutMs },
    );
    logLines(request.logger, stderr);
    const member = JSON.parse(stdout) as MemberInfo;
    return {
      name: member.name,
      region: member.region,
      zones: member.zones,
      apiEndpoint: member.apiEndpoint,
      credentialsRef: `${this.name}:${member.name}`,
      result: existing?.running ? 'unchanged' : 'created',
      details: { kubeconfigPath: member.kubeconfig },
    };
  }

  async delete(name: string, logger: LoggerService): Promise<string[]> {
    try {
      const { stderr } = await runLauncher(
        this.command,
        ['member', 'remove', name],
        { environment: this.environment, timeoutMs: 120_000 },
      );
      logLines(logger, stderr);
      return [];
    } catch (error) {
      return [`testbed member ${name}: ${(error as Error).message}`];
    }
  }

  async resolveCredentials(credentialsRef: string): Promise<KubernetesEndpoint> {
    const name = credentialsRef.slice(this.name.length + 1);
    const member = await this.show(name);
    if (!member) {
      throw new InputError(
        `credentialsRef: testbed member '${name}' does not exist`,
      );
    }
    const kubeconfig = readKubeconfig(
      member.kubeconfig,
      undefined,
      'credentialsRef',
    );
    return kubeconfigEndpoint(name, kubeconfig);
  }

  private async show(name: string): Promise<MemberInfo | undefined> {
    try {
      const { stdout } = await runLauncher(
        this.command,
        ['member', 'show', name],
        { environment: this.environment, timeoutMs: SHOW_TIMEOUT_MS },
      );
      return JSON.parse(stdout);
    } catch (error) {
      if (/no member/.test((error as Error).message)) return undefined;
      throw error;
    }
  }
}

function logLines(logger: LoggerService, text: string) {
  for (const line of text.split('\n')) {
    if (line.trim()) logger.info(line.trim());
  }
}

/** Reads `clusterProviders[].testbed`. */
export function createTestbedProvider(
  name: string,
  config: Config,
  at: string,
): ClusterProvider {
  const command = config.getString('command');
  if (!isAbsolute(command) || !existsSync(command)) {
    throw new InputError(
      `${at}.command: '${command}' must be the absolute path of testbed/testbed`,
    );
  }
  const environment: Record<string, string> = {};
  const env = config.getOptionalConfig('environment');
  for (const key of env?.keys() ?? []) {
    environment[key] = env!.getString(key);
  }
  return new TestbedProvider(name, command, environment);
}
