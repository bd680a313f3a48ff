import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  KubernetesEndpoint,
  parseKubeconfig,
  kubeconfigEndpoint,
} from '@multiregion/backstage-plugin-multicluster-node';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dnsLabelProblem } from '../../kube/objects';
import {
  ClusterCreateRequest,
  ClusterProvider,
  ProvisionedCluster,
} from '../ClusterProvider';
import { findBinary } from './findBinary';
import {
  prepareWorkDir,
  readOwner,
  TerraformVariables,
  writeOwner,
} from './prepareWorkDir';
import {
  describeDiagnostic,
  runTerraform,
  parseJsonStdout,
  runTerraformOrThrow,
  TerraformCommand,
  UiMessage,
} from './runTerraform';

const PLAN_FILE = 'tfplan';
const DEFAULT_DELETE_TIMEOUT_SECONDS = 1800;
/** For the quick commands around the real work (validate, state, output). */
const SHORT_TIMEOUT_MS = 120_000;

export interface TerraformProviderOptions {
  /** `clusterProviders[].name`. */
  name: string;
  /** Config path of the provider's settings, for error messages. */
  at: string;
  binary?: string;
  templateDir: string;
  workDir: string;
  environment: Record<string, string>;
  deleteTimeoutMs: number;
}

interface TerraformOutput {
  sensitive: boolean;
  value: unknown;
}

/**
 * Creates clusters with Terraform or OpenTofu: one working folder per
 * cluster (`<workDir>/<name>`, holding its state) with a copy of the
 * template module and the cluster's values in `terraform.tfvars.json`. The
 * module outputs `api_endpoint` and a sensitive `kubeconfig`.
 */
export class TerraformProvider implements ClusterProvider {
  readonly type = 'terraform' as const;
  readonly name: string;
  /** One run at a time per cluster folder in this backend. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly options: TerraformProviderOptions) {
    this.name = options.name;
  }

  async validate(request: ClusterCreateRequest): Promise<void> {
    const { at } = this.options;
    const binary = await this.binary();
    await this.checkTemplateDir();
    // init + validate in a scratch copy: the cluster's folder stays as is.
    const scratch = await mkdtemp(join(tmpdir(), 'terraform-validate-'));
    try {
      await prepareWorkDir(
        this.options.templateDir,
        scratch,
        variablesOf(request),
      );
      const command = (args: string[]) =>
        this.command(binary, scratch, args, {
          stdout: 'capture',
          timeoutMs: Math.min(request.timeoutMs, SHORT_TIMEOUT_MS),
          signal: request.signal,
        });
      let problems: string[] = [];
      try {
        await runTerraformOrThrow(
          command(['init', '-input=false', '-backend=false', '-no-color']),
        );
        const result = await runTerraform(command(['validate', '-json']));
        if (result.exitCode !== 0) {
          // `validate -json` prints one document with all diagnostics.
          const report: { diagnostics?: UiMessage['diagnostic'][] } =
            parseJsonStdout(result.stdout);
          problems = (report.diagnostics ?? [])
            .filter(d => d?.severity === 'error')
            .map(d => describeDiagnostic(d!));
          if (!problems.length) problems = result.errors;
        }
      } catch (error) {
        problems = [(error as Error).message];
      }
      if (problems.length) {
        throw new InputError(
          `${at}.templateDir: the module does not validate: ${problems.join(
            '; ',
          )}`,
        );
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  async exists(name: string): Promise<boolean> {
    return existsSync(this.dirOf(name));
  }

  async create(request: ClusterCreateRequest): Promise<ProvisionedCluster> {
    return this.locked(request.name, () => this.createUnlocked(request));
  }

  async recordedOwner(name: string): Promise<string | undefined> {
    return readOwner(this.dirOf(name));
  }

  credentialsRefFor(cluster: string): string {
    return `${this.name}:${cluster}`;
  }

  async delete(name: string, logger: LoggerService): Promise<string[]> {
    return this.locked(name, async () => {
      const dir = this.dirOf(name);
      if (!existsSync(dir)) return [];
      const deadline = Date.now() + this.options.deleteTimeoutMs;
      try {
        const binary = await this.binary();
        const run = (args: string[], stdout: TerraformCommand['stdout']) =>
          runTerraformOrThrow(
            this.command(binary, dir, args, {
              stdout,
              logger,
              timeoutMs: Math.max(deadline - Date.now(), 1),
            }),
          );
        await run(['init', '-input=false', '-no-color'], 'text');
        await run(
          ['destroy', '-auto-approve', '-input=false', '-json'],
          'json',
        );
      } catch (error) {
        const left = await this.stateList(dir).catch(() => undefined);
        return [
          `Terraform state in ${dir}${
            left?.length ? ` (${left.join(', ')})` : ''
          }: ${(error as Error).message}`,
        ];
      }
      await rm(dir, { recursive: true, force: true });
      logger.info(`destroyed cluster ${name} and removed ${dir}`);
      return [];
    });
  }

  async resolveCredentials(
    credentialsRef: string,
  ): Promise<KubernetesEndpoint> {
    const prefix = `${this.name}:`;
    const name = credentialsRef.slice(prefix.length);
    if (!credentialsRef.startsWith(prefix) || dnsLabelProblem(name)) {
      throw new InputError(
        `credentialsRef: '${credentialsRef}' is not of the form '${prefix}<cluster>'`,
      );
    }
    const dir = this.dirOf(name);
    if (!existsSync(dir)) {
      throw new InputError(
        `credentialsRef: cluster provider '${this.name}' has no cluster '${name}'`,
      );
    }
    const { stdout } = await runTerraformOrThrow(
      this.command(
        await this.binary(),
        dir,
        ['output', '-json', 'kubeconfig'],
        {
          stdout: 'capture',
          timeoutMs: SHORT_TIMEOUT_MS,
        },
      ),
    ).catch(error => {
      throw new InputError(
        `credentialsRef: cannot read output kubeconfig of '${name}': ${
          (error as Error).message
        }`,
      );
    });
    let text: unknown;
    try {
      text = parseJsonStdout(stdout);
    } catch {
      text = undefined; // never quote it: it is the credential
    }
    if (typeof text !== 'string') {
      throw new InputError(
        `credentialsRef: output kubeconfig of '${name}' is not a string`,
      );
    }
    // Relative file paths in it are relative to the module's folder.
    const kubeconfig = parseKubeconfig(text, {
      at: `credentialsRef: output kubeconfig of '${name}'`,
      baseDir: dir,
    });
    return kubeconfigEndpoint(name, kubeconfig);
  }

  private async createUnlocked(
    request: ClusterCreateRequest,
  ): Promise<ProvisionedCluster> {
    const { at } = this.options;
    const binary = await this.binary();
    await this.checkTemplateDir();
    const dir = this.dirOf(request.name);
    // The folder outlives failed first runs only when they left something.
    const existed = existsSync(dir);
    const deadline = Date.now() + request.timeoutMs;
    const run = (
      args: string[],
      stdout: TerraformCommand['stdout'],
      ok?: number[],
    ) =>
      runTerraformOrThrow(
        this.command(binary, dir, args, {
          stdout,
          logger: request.logger,
          signal: request.signal,
          timeoutMs: Math.max(deadline - Date.now(), 1),
        }),
        ok,
      );

    let changed: boolean;
    let outputs: Record<string, TerraformOutput>;
    try {
      await prepareWorkDir(this.options.templateDir, dir, variablesOf(request));
      if (!existed) await writeOwner(dir, request.owner);
      await run(['init', '-input=false', '-no-color'], 'text');
      const plan = await run(
        [
          'plan',
          '-input=false',
          '-detailed-exitcode',
          `-out=${PLAN_FILE}`,
          '-json',
        ],
        'json',
        [0, 2],
      );
      changed = plan.exitCode === 2;
      if (changed) {
        // The saved plan: what was planned (and logged) is what is applied.
        await run(
          ['apply', '-auto-approve', '-input=false', '-json', PLAN_FILE],
          'json',
        );
      }
      const output = await run(['output', '-json', '-no-color'], 'capture');
      outputs = parseJsonStdout(output.stdout);
    } catch (error) {
      throw await this.failure(error, dir, existed);
    } finally {
      // A saved plan may hold sensitive values.
      await rm(join(dir, PLAN_FILE), { force: true });
    }

    const endpoint = outputs.api_endpoint;
    if (typeof endpoint?.value !== 'string' || !endpoint.value) {
      throw new InputError(
        `${at}.templateDir: the module must output api_endpoint, the API server URL`,
      );
    }
    const kubeconfig = outputs.kubeconfig;
    if (typeof kubeconfig?.value !== 'string' || !kubeconfig.sensitive) {
      throw new InputError(
        `${at}.templateDir: the module must output kubeconfig, a string marked sensitive = true`,
      );
    }
    // Fails now rather than at registration when it is not a kubeconfig.
    parseKubeconfig(kubeconfig.value, {
      at: `${at}.templateDir: output kubeconfig`,
      baseDir: dir,
    });

    const details: Record<string, string> = {};
    for (const [key, output] of Object.entries(outputs)) {
      if (output.sensitive) continue;
      details[key] =
        typeof output.value === 'string'
          ? output.value
          : JSON.stringify(output.value);
    }
    return {
      name: request.name,
      region: request.region,
      zones: request.zones,
      apiEndpoint: endpoint.value,
      credentialsRef: `${this.name}:${request.name}`,
      result: changed || !existed ? 'created' : 'unchanged',
      details,
    };
  }

  /**
   * Explains a failed run: what Terraform said and what its state still
   * holds. A cluster folder that never held anything is removed.
   */
  private async failure(
    error: unknown,
    dir: string,
    existed: boolean,
  ): Promise<Error> {
    const message = (error as Error).message;
    const left = await this.stateList(dir).catch(() => undefined);
    if (left === undefined) {
      return new Error(
        `${message}. Could not read the Terraform state in ${dir}: what was created is unknown`,
      );
    }
    if (!left.length) {
      if (!existed) await rm(dir, { recursive: true, force: true });
      return new Error(`${message}. Nothing was left behind`);
    }
    return new Error(
      `${message}. Left behind in the Terraform state in ${dir}: ${left.join(
        ', ',
      )}; delete destroys them`,
    );
  }

  /** Resource addresses in the state, local or in the module's backend. */
  private async stateList(dir: string): Promise<string[]> {
    const local = join(dir, 'terraform.tfstate');
    // Written by init for any backend but the local one.
    const backend = join(dir, '.terraform', 'terraform.tfstate');
    if (!existsSync(local) && !existsSync(backend)) return [];
    const { stdout } = await runTerraformOrThrow(
      this.command(await this.binary(), dir, ['state', 'list', '-no-color'], {
        stdout: 'capture',
        timeoutMs: SHORT_TIMEOUT_MS,
      }),
    );
    // Resource addresses only: OpenTofu may print CLI warnings on stdout.
    return stdout
      .split('\n')
      .filter(line => /^[A-Za-z_][^\s]*\.[^\s]+$/.test(line));
  }

  private command(
    binary: string,
    cwd: string,
    args: string[],
    options: Pick<
      TerraformCommand,
      'stdout' | 'timeoutMs' | 'logger' | 'signal'
    >,
  ): TerraformCommand {
    return {
      binary,
      cwd,
      args,
      environment: this.options.environment,
      ...options,
    };
  }

  private binary(): Promise<string> {
    return findBinary(
      this.options.binary,
      this.options.environment.PATH ?? process.env.PATH,
      `${this.options.at}.binary`,
    );
  }

  private async checkTemplateDir(): Promise<void> {
    const { at, templateDir } = this.options;
    const isDir = await stat(templateDir)
      .then(s => s.isDirectory())
      .catch(() => false);
    const files = isDir ? await readdir(templateDir) : [];
    if (!files.some(file => /\.tf(\.json)?$/.test(file))) {
      throw new InputError(
        `${at}.templateDir: '${templateDir}' is not a folder with Terraform files (*.tf)`,
      );
    }
  }

  private dirOf(name: string): string {
    return join(this.options.workDir, name);
  }

  private async locked<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(fn);
    this.locks.set(name, next);
    try {
      return await next;
    } finally {
      if (this.locks.get(name) === next) this.locks.delete(name);
    }
  }
}

function variablesOf(request: ClusterCreateRequest): TerraformVariables {
  return {
    name: request.name,
    region: request.region,
    zones: request.zones,
    parameters: request.parameters,
  };
}

/** Reads `clusterProviders[].terraform`. */
export function createTerraformProvider(
  name: string,
  config: Config,
  at: string,
): ClusterProvider {
  const templateDir = resolve(config.getString('templateDir'));
  const workDir = resolve(config.getString('workDir'));
  if (workDir === templateDir || workDir.startsWith(`${templateDir}/`)) {
    throw new InputError(
      `${at}.workDir: must not be inside ${at}.templateDir, which is copied into it`,
    );
  }
  const environment: Record<string, string> = {};
  const env = config.getOptionalConfig('environment');
  for (const key of env?.keys() ?? []) {
    environment[key] = env!.getString(key);
  }
  const deleteTimeoutSeconds =
    config.getOptionalNumber('deleteTimeoutSeconds') ??
    DEFAULT_DELETE_TIMEOUT_SECONDS;
  if (!(deleteTimeoutSeconds > 0)) {
    throw new InputError(
      `${at}.deleteTimeoutSeconds: must be a positive number of seconds`,
    );
  }
  return new TerraformProvider({
    name,
    at,
    binary: config.getOptionalString('binary'),
    templateDir,
    workDir,
    environment,
    deleteTimeoutMs: deleteTimeoutSeconds * 1000,
  });
}
