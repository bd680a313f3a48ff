import { ConfigReader } from '@backstage/config';
import {
  KubernetesConnection,
  KubernetesEndpoint,
  parseKubeconfig,
} from '@multiregion/backstage-plugin-multicluster-node';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { RunRecorder, testbedEnabled } from '../../__testUtils__/testbed';
import { ClusterCreateRequest } from '../ClusterProvider';
import { createTerraformProvider } from './TerraformProvider';

jest.setTimeout(120_000);

const AT = 'multicluster.clusterProviders[1].terraform';

/**
 * A cluster module that needs no provider download: Terraform's built-in
 * `terraform_data` stands in for the cluster, the API endpoint comes from a
 * parameter and the kubeconfig from a file. `fail` and `sleep` parameters
 * make it fail at plan, fail after creating something, or take long.
 */
const MODULE = `
variable "name" { type = string }
variable "region" { type = string }
variable "zones" { type = list(string) }
variable "parameters" { type = map(string) }

locals {
  fail = lookup(var.parameters, "fail", "")
}

resource "terraform_data" "cluster" {
  input = {
    name     = var.name
    region   = var.region
    zones    = var.zones
    endpoint = var.parameters.api_endpoint
  }
  lifecycle {
    precondition {
      condition     = local.fail != "plan"
      error_message = "Asked to fail at plan."
    }
  }
}

resource "terraform_data" "ready" {
  input = terraform_data.cluster.output
  provisioner "local-exec" {
    command = "sleep \${lookup(var.parameters, "sleep", "0")}"
  }
  lifecycle {
    postcondition {
      # Unknown until applied, so it is checked after creating.
      condition     = self.id == (local.fail == "apply" ? "never" : self.id)
      error_message = "Asked to fail after creating the cluster."
    }
  }
}

output "api_endpoint" {
  value = terraform_data.cluster.output.endpoint
}

output "region" {
  value = var.region
}

output "kubeconfig" {
  value     = file(var.parameters.kubeconfig_path)
  sensitive = true
}
`;

function terraformOnPath(): string | undefined {
  try {
    return execFileSync(
      'sh',
      ['-c', 'command -v terraform || command -v tofu'],
      { encoding: 'utf8' },
    ).trim();
  } catch {
    return undefined;
  }
}

// CI puts one on PATH with scripts/ensure-terraform.sh.
const describeWithTerraform = terraformOnPath() ? describe : describe.skip;

describeWithTerraform('TerraformProvider', () => {
  let root: string;
  let templateDir: string;
  let workDir: string;
  let kubeconfigPath: string;
  const recorder = new RunRecorder();
  // Against the testbed, the module hands out the real member `sea`.
  const apiEndpoint = testbedEnabled
    ? process.env.TESTBED_MEMBER_SEA_URL!
    : 'https://127.0.0.1:6443';

  const provider = (settings: Record<string, unknown> = {}) =>
    createTerraformProvider(
      'tf',
      new ConfigReader({ templateDir, workDir, ...settings }),
      AT,
    );

  function request(
    name: string,
    parameters: Record<string, string> = {},
    timeoutMs = 60_000,
  ): ClusterCreateRequest {
    return {
      name,
      region: 'sea',
      zones: ['sea-1a'],
      owner: 'group:default/platform-team',
      parameters: {
        api_endpoint: apiEndpoint,
        kubeconfig_path: kubeconfigPath,
        ...parameters,
      },
      timeoutMs,
      logger: recorder.logger,
    };
  }

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'terraform-provider-'));
    templateDir = join(root, 'template');
    workDir = join(root, 'clusters');
    kubeconfigPath = testbedEnabled
      ? process.env.TESTBED_MEMBER_SEA_KUBECONFIG!
      : join(root, 'fake.kubeconfig');
    mkdirSync(templateDir);
    writeFileSync(join(templateDir, 'main.tf'), MODULE);
    if (!testbedEnabled) {
      writeFileSync(kubeconfigPath, fakeKubeconfig(apiEndpoint));
    }
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates a cluster, then finds it unchanged, resolves and deletes it', async () => {
    const tf = provider();
    await tf.validate(request('tf-one'));
    expect(existsSync(join(workDir, 'tf-one'))).toBe(false);

    const created = await tf.create(request('tf-one'));
    expect(created).toEqual({
      name: 'tf-one',
      region: 'sea',
      zones: ['sea-1a'],
      apiEndpoint,
      credentialsRef: 'tf:tf-one',
      result: 'created',
      details: { api_endpoint: apiEndpoint, region: 'sea' },
    });
    expect(recorder.text()).toContain(
      'Apply complete! Resources: 2 added, 0 changed, 0 destroyed.',
    );

    const again = await tf.create(request('tf-one'));
    expect(again.result).toBe('unchanged');

    const endpoint = await tf.resolveCredentials(created.credentialsRef);
    const kubeconfig = parseKubeconfig(readFileSync(kubeconfigPath, 'utf8'), {
      at: 'test',
      baseDir: dirname(kubeconfigPath),
    });
    expect(endpoint).toEqual({
      name: 'tf-one',
      url: apiEndpoint,
      caData: kubeconfig.caData,
      dangerouslySkipTLSVerify: false,
      auth: kubeconfig.auth,
    });
    // Against the testbed, the credentials must work on the real member.
    expect(testbedEnabled ? await versionStatus(endpoint) : 'skipped').toBe(
      testbedEnabled ? 200 : 'skipped',
    );

    expect(await tf.delete('tf-one', recorder.logger)).toEqual([]);
    expect(existsSync(join(workDir, 'tf-one'))).toBe(false);
    await expect(tf.resolveCredentials('tf:tf-one')).rejects.toThrow(
      "credentialsRef: cluster provider 'tf' has no cluster 'tf-one'",
    );

    // The kubeconfig never reaches logs or results.
    const seen = `${recorder.text()}\n${JSON.stringify([created, again])}`;
    for (const secret of secretsOf(kubeconfigPath)) {
      expect(seen).not.toContain(secret);
    }
  });

  it('fails at plan with a clear error, leaving nothing behind', async () => {
    await expect(
      provider().create(request('tf-plan', { fail: 'plan' })),
    ).rejects.toThrow(
      /^(terraform|tofu) plan failed: Resource precondition failed: Asked to fail at plan\. \(main\.tf:\d+\)\. Nothing was left behind$/,
    );
    expect(existsSync(join(workDir, 'tf-plan'))).toBe(false);
  });

  it('lists what remains after a failed apply, and delete destroys it', async () => {
    const tf = provider();
    await expect(
      tf.create(request('tf-apply', { fail: 'apply' })),
    ).rejects.toThrow(
      new RegExp(
        `^(terraform|tofu) apply failed: Resource postcondition failed: Asked to fail after creating the cluster\\. \\(main\\.tf:\\d+\\)\\. Left behind in the Terraform state in ${workDir}/tf-apply: terraform_data\\.cluster, terraform_data\\.ready; delete destroys them$`,
      ),
    );
    expect(await tf.delete('tf-apply', recorder.logger)).toEqual([]);
    expect(existsSync(join(workDir, 'tf-apply'))).toBe(false);
  });

  it('interrupts a run that outlasts the timeout', async () => {
    const tf = provider();
    await expect(
      tf.create(request('tf-slow', { sleep: '60' }, 3_000)),
    ).rejects.toThrow(
      /^(terraform|tofu) apply failed: timed out after 3 s; .*\. Left behind in the Terraform state in \S+\/tf-slow: terraform_data\.cluster, /,
    );
    expect(await tf.delete('tf-slow', recorder.logger)).toEqual([]);
    expect(existsSync(join(workDir, 'tf-slow'))).toBe(false);
  });

  it('validates binary and module, naming the field', async () => {
    await expect(
      provider({ binary: '/nonexistent/terraform' }).validate(request('x')),
    ).rejects.toThrow(
      `${AT}.binary: '/nonexistent/terraform' is not an executable file`,
    );
    await expect(
      provider({ binary: 'no-such-terraform' }).validate(request('x')),
    ).rejects.toThrow(`${AT}.binary: 'no-such-terraform' is not on PATH`);
    await expect(
      provider({ environment: { PATH: '/nonexistent' } }).validate(
        request('x'),
      ),
    ).rejects.toThrow(`${AT}.binary: neither terraform nor tofu is on PATH`);

    const broken = join(root, 'broken');
    mkdirSync(broken);
    writeFileSync(
      join(broken, 'main.tf'),
      'resource "terraform_data" "x" {\n  input = var.nope\n}\n',
    );
    await expect(
      provider({ templateDir: broken }).validate(request('x')),
    ).rejects.toThrow(
      `${AT}.templateDir: the module does not validate: Reference to undeclared input variable: An input variable with the name "nope" has not been declared.`,
    );
    writeFileSync(join(broken, 'main.tf'), 'resource "terraform_data" "x" {\n');
    await expect(
      provider({ templateDir: broken }).validate(request('x')),
    ).rejects.toThrow(
      new RegExp(
        `^${AT.replace(
          /[.[\]]/g,
          '\\$&',
        )}\\.templateDir: the module does not validate: .*main\\.tf:\\d+\\)`,
      ),
    );
    await expect(
      provider({ templateDir: join(root, 'nothing') }).validate(request('x')),
    ).rejects.toThrow(
      `${AT}.templateDir: '${join(
        root,
        'nothing',
      )}' is not a folder with Terraform files`,
    );
    expect(() => provider({ workDir: join(templateDir, 'state') })).toThrow(
      `${AT}.workDir: must not be inside ${AT}.templateDir`,
    );
  });
});

async function versionStatus(endpoint: KubernetesEndpoint): Promise<number> {
  const member = new KubernetesConnection(endpoint);
  try {
    return (await member.get('/version', 10_000)).statusCode;
  } finally {
    await member.close();
  }
}

/** A kubeconfig with a token and inline CA, as a cloud module would output. */
function fakeKubeconfig(server: string): string {
  const ca = Buffer.from(
    '-----BEGIN CERTIFICATE-----\nMIIBfakefakefake\n-----END CERTIFICATE-----\n',
  ).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: fake\n  cluster:\n    server: ${server}\n    certificate-authority-data: ${ca}`,
    'users:',
    '- name: admin\n  user:\n    token: fake-token-d41d8cd98f00b204',
    'contexts:',
    '- name: fake\n  context:\n    cluster: fake\n    user: admin',
    'current-context: fake',
    '',
  ].join('\n');
}

/** The secret parts of a kubeconfig file: token, key data, key file lines. */
function secretsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const doc = parse(text);
  const secrets = [text.trim()];
  for (const { user } of doc.users ?? []) {
    if (user.token) secrets.push(user.token);
    if (user['client-key-data']) secrets.push(user['client-key-data']);
    if (user['client-key']) {
      const key = readFileSync(
        resolve(dirname(path), user['client-key']),
        'utf8',
      );
      secrets.push(...key.split('\n').filter(l => l.length > 20));
    }
  }
  // parseKubeconfig accepts it, so the test checks a real kubeconfig.
  parseKubeconfig(text, { at: 'test', baseDir: dirname(path) });
  return secrets;
}
