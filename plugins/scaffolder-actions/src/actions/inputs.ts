import type { z as zod } from 'zod/v3';

type Z = typeof zod;

/** Input fields several actions share, described once. */
export const karmadaInstanceInput = (z: Z) =>
  z.string().describe('Karmada instance, as in multicluster.karmada[].name');

export const credentialsRefInput = (z: Z) =>
  z
    .string()
    .optional()
    .describe(
      'Member credentials reference, as output by multicluster:cluster:create',
    );

export const kubeconfigSecretInput = (z: Z) =>
  z
    .string()
    .optional()
    .describe(
      'Instead of credentialsRef: the name of a task secret holding the member kubeconfig',
    );

/** The `objects` output: every object an action wrote, never its content. */
export const objectsOutput = (z: Z) =>
  z
    .array(
      z.object({
        target: z.string(),
        ref: z.string(),
        result: z.string(),
      }),
    )
    .describe('Every object with its result (no content, never secrets)');
