import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(__dirname, '../..');

// Set by scripts/test.sh when the testbed runs and the demo workload
// (examples/workloads/hello.yaml) has been applied to its Karmada.
export const withTestbed = process.env.MULTICLUSTER_E2E_TESTBED === '1';

/** The testbed's client settings (paths and URLs, never secrets). */
function testbedEnv(): Record<string, string> {
  return JSON.parse(testbed('env', '--json'));
}

/** kubectl against the testbed's Karmada (read straight, not through us). */
export function karmadaJson<T>(...args: string[]): T {
  const kubeconfig =
    process.env.TESTBED_KARMADA_KUBECONFIG ??
    testbedEnv().TESTBED_KARMADA_KUBECONFIG;
  return JSON.parse(
    execFileSync(
      'kubectl',
      ['--kubeconfig', kubeconfig, ...args, '-o', 'json'],
      { encoding: 'utf8' },
    ),
  );
}

/** Runs the testbed launcher (`member stop eu`, ...). */
export function testbed(...args: string[]): string {
  return execFileSync(resolve(root, 'testbed/testbed'), args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Region titles as the app shows them (`multicluster.regions`). */
export function regionTitles(): Record<string, string> {
  const config = parse(readFileSync(resolve(root, 'app-config.yaml'), 'utf8'));
  const regions = (config.multicluster?.regions ?? {}) as Record<
    string,
    { title?: string }
  >;
  return Object.fromEntries(
    Object.entries(regions).map(([id, r]) => [id, r.title ?? id]),
  );
}

/** The ResourceBinding's assignment: cluster name → replicas. */
export function bindingReplicas(
  namespace: string,
  name: string,
): Record<string, number> {
  const binding = karmadaJson<{
    spec: { clusters?: Array<{ name: string; replicas?: number }> };
  }>('get', 'resourcebinding', '-n', namespace, name);
  return Object.fromEntries(
    (binding.spec.clusters ?? []).map(c => [c.name, c.replicas ?? 0]),
  );
}

/** Each cluster's region (`spec.region`). */
export function clusterRegions(): Record<string, string> {
  const list = karmadaJson<{
    items: Array<{ metadata: { name: string }; spec: { region?: string } }>;
  }>('get', 'clusters');
  return Object.fromEntries(
    list.items.map(c => [c.metadata.name, c.spec.region ?? 'unassigned']),
  );
}

/** kubectl against a member cluster of the testbed. */
export function memberJson<T>(member: string, ...args: string[]): T {
  const key = `TESTBED_MEMBER_${member
    .toUpperCase()
    .replace(/-/g, '_')}_KUBECONFIG`;
  const kubeconfig = process.env[key] ?? testbedEnv()[key];
  if (!kubeconfig) throw new Error(`no kubeconfig for member ${member}`);
  return JSON.parse(
    execFileSync(
      'kubectl',
      ['--kubeconfig', kubeconfig, ...args, '-o', 'json'],
      {
        encoding: 'utf8',
      },
    ),
  );
}

/** Pods of a namespace in a member that are Ready. */
export function readyPods(member: string, namespace: string): number {
  const pods = memberJson<{
    items: Array<{
      status?: { conditions?: Array<{ type: string; status: string }> };
    }>;
  }>(member, 'get', 'pods', '-n', namespace);
  return pods.items.filter(p =>
    p.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True'),
  ).length;
}

/** Whether an object exists in Karmada. */
export function existsInKarmada(...args: string[]): boolean {
  const kubeconfig =
    process.env.TESTBED_KARMADA_KUBECONFIG ??
    testbedEnv().TESTBED_KARMADA_KUBECONFIG;
  return (
    execFileSync(
      'kubectl',
      [
        '--kubeconfig',
        kubeconfig,
        'get',
        ...args,
        '--ignore-not-found',
        '-o',
        'name',
      ],
      { encoding: 'utf8' },
    ).trim() !== ''
  );
}

/** Runs kubectl against the testbed's Karmada. */
export function karmada(...args: string[]): string {
  const kubeconfig =
    process.env.TESTBED_KARMADA_KUBECONFIG ??
    testbedEnv().TESTBED_KARMADA_KUBECONFIG;
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
    encoding: 'utf8',
  });
}

/** Runs kubectl against a member cluster of the testbed. */
export function member(name: string, ...args: string[]): string {
  const key = `TESTBED_MEMBER_${name
    .toUpperCase()
    .replace(/-/g, '_')}_KUBECONFIG`;
  const kubeconfig = process.env[key] ?? testbedEnv()[key];
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
    encoding: 'utf8',
  });
}

/** The clusters a member's istiod lists as synced (`/debug/clusterz`). */
export async function istiodSyncedClusters(name: string): Promise<string[]> {
  const key = `TESTBED_MEMBER_${name
    .toUpperCase()
    .replace(/-/g, '_')}_ISTIOD_DEBUG_URL`;
  const url = process.env[key] ?? testbedEnv()[key];
  const entries = (await (
    await fetch(`${url}/debug/clusterz`)
  ).json()) as Array<{
    id: string;
    syncStatus: string;
  }>;
  return entries
    .filter(e => e.syncStatus === 'synced')
    .map(e => e.id)
    .sort();
}
