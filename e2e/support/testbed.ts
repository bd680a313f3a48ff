import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(__dirname, '../..');

// Set by scripts/test.sh when the testbed runs and the demo workload
// (examples/workloads/hello.yaml) has been applied to its Karmada.
export const withTestbed = process.env.MULTICLUSTER_E2E_TESTBED === '1';

let settings: Record<string, string> | undefined;

/**
 * One of the testbed's client settings (paths and URLs, never secrets):
 * from the environment `scripts/test.sh` exports, else `testbed env`, read
 * once and again only when a key is missing (a member added since).
 */
function setting(key: string): string {
  const read = () =>
    JSON.parse(testbed('env', '--json')) as Record<string, string>;
  settings ??= read();
  if (!(key in settings) && !process.env[key]) settings = read();
  const value = process.env[key] ?? settings[key];
  if (!value) throw new Error(`the testbed has no ${key}`);
  return value;
}

const memberSetting = (name: string, what: string) =>
  setting(`TESTBED_MEMBER_${name.toUpperCase().replace(/-/g, '_')}_${what}`);

function kubectl(kubeconfig: string, args: string[]): string {
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
    encoding: 'utf8',
  });
}

/** Runs kubectl against the testbed's Karmada (straight, not through us). */
export function karmada(...args: string[]): string {
  return kubectl(setting('TESTBED_KARMADA_KUBECONFIG'), args);
}

/** Runs kubectl against a member cluster of the testbed. */
export function member(name: string, ...args: string[]): string {
  return kubectl(memberSetting(name, 'KUBECONFIG'), args);
}

/** An object or list from Karmada as JSON. */
export function karmadaJson<T>(...args: string[]): T {
  return JSON.parse(karmada(...args, '-o', 'json'));
}

/** An object or list from a member cluster as JSON. */
export function memberJson<T>(name: string, ...args: string[]): T {
  return JSON.parse(member(name, ...args, '-o', 'json'));
}

/** Whether an object exists in Karmada. */
export function existsInKarmada(...args: string[]): boolean {
  return (
    karmada('get', ...args, '--ignore-not-found', '-o', 'name').trim() !== ''
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

/** Pods of a namespace in a member that are Ready. */
export function readyPods(name: string, namespace: string): number {
  const pods = memberJson<{
    items: Array<{
      status?: { conditions?: Array<{ type: string; status: string }> };
    }>;
  }>(name, 'get', 'pods', '-n', namespace);
  return pods.items.filter(p =>
    p.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True'),
  ).length;
}

/** The clusters a member's istiod lists as synced (`/debug/clusterz`). */
export async function istiodSyncedClusters(name: string): Promise<string[]> {
  const url = memberSetting(name, 'ISTIOD_DEBUG_URL');
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
