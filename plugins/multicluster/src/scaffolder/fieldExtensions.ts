import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { multiclusterPlugin } from '../plugin';
import {
  RegionPicker,
  RegionPickerFieldSchema,
  regionPickerValidation,
} from '../components/RegionPicker';

/**
 * The `RegionPicker` scaffolder field for the legacy frontend system:
 * regions (or clusters) from the live Karmada inventory, each with its
 * number of Ready clusters. Add it inside `<ScaffolderFieldExtensions>` of
 * the `ScaffolderPage`.
 *
 * @public
 */
export const RegionPickerFieldExtension = multiclusterPlugin.provide(
  createScaffolderFieldExtension({
    name: 'RegionPicker',
    component: RegionPicker,
    validation: regionPickerValidation,
    schema: RegionPickerFieldSchema.schema,
  }),
);
