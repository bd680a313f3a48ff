import {
  FieldSchema,
  makeFieldSchema,
} from '@backstage/plugin-scaffolder-react';

/**
 * `ui:options` of the `RegionPicker` field. `minItems` and `maxItems` come
 * from the JSON schema of the field itself.
 *
 * @public
 */
export type RegionPickerUiOptions = {
  /**
   * What the value holds: region ids (default) or cluster names, the two
   * target forms `karmada:policy:create` accepts.
   */
  pick?: 'regions' | 'clusters';
  /** Offer only these region ids; in cluster mode, clusters of these regions. */
  allowedRegions?: string[];
};

/**
 * The value and `ui:options` of the field, as JSON schema for the template
 * editor and as types for the component.
 */
export const RegionPickerFieldSchema: FieldSchema<
  string[],
  RegionPickerUiOptions
> = makeFieldSchema({
  output: z =>
    z
      .array(z.string())
      .describe(
        'Region ids (e.g. na, eu), or cluster names with pick: clusters',
      ),
  uiOptions: z =>
    z.object({
      pick: z
        .enum(['regions', 'clusters'])
        .optional()
        .describe('Pick region ids (default) or cluster names'),
      allowedRegions: z
        .array(z.string())
        .optional()
        .describe(
          'Offer only these region ids (in cluster mode: their clusters)',
        ),
    }),
});

/**
 * The chosen ids without the empty slots the form may add: RJSF fills an
 * array up to `minItems` with `undefined` before the user picks anything.
 */
export function chosenIds(value: ReadonlyArray<unknown> | undefined): string[] {
  return (value ?? []).filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
}
