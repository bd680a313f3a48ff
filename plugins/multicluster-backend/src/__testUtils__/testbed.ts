import { Entity } from '@backstage/catalog-model';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// Integration tests against the testbed's real Karmada and members. `make
// test` starts the testbed and exports TESTBED_* from `testbed env`.
export const describeTestbed =
  process.env.MULTICLUSTER_TESTBED === '1' ? describe : describe.skip;

export const repoRoot = resolve(__dirname, '../../../..');

/** kubectl against the testbed's Karmada (or another kubeconfig). */
export function kubectl(
  args: string[],
  input?: string,
  kubeconfig = process.env.TESTBED_KARMADA_KUBECONFIG!,
): string {
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs `testbed/testbed <args>`, e.g. `member stop sea`. */
export function testbedCommand(...args: string[]) {
  execFileSync('bash', [resolve(repoRoot, 'testbed/testbed'), ...args], {
    stdio: 'inherit',
  });
}

/** The `multicluster.karmada[]` entry of the testbed's Karmada. */
export function testbedKarmadaConfig() {
  return {
    name: 'testbed',
    url: process.env.TESTBED_KARMADA_URL!,
    caFile: process.env.TESTBED_KARMADA_CA_FILE!,
    auth: {
      type: 'serviceAccount',
      token: readFileSync(
        process.env.TESTBED_KARMADA_TOKEN_FILE!,
        'utf8',
      ).trim(),
    },
  };
}

/** Re-reads until `done` holds or the time is up; returns the last value. */
export async function poll<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 1000));
    value = await read();
  }
  return value;
}

/** Waits until every member is Ready and carries no taint, so Karmada schedules to all. */
export async function waitClustersSchedulable() {
  return poll(
    async () => JSON.parse(kubectl(['get', 'clusters', '-o', 'json'])).items,
    (items: any[]) =>
      items.length >= 3 &&
      items.every(
        c =>
          !c.spec.taints?.length &&
          c.status?.conditions?.some(
            (x: any) => x.type === 'Ready' && x.status === 'True',
          ),
      ),
  );
}

/** A catalog Component whose workloads carry `backstage.io/kubernetes-id: <name>`. */
export function componentFor(name: string, namespace?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        ...(namespace && { 'backstage.io/kubernetes-namespace': namespace }),
      },
    },
    spec: {},
  };
}
