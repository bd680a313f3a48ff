import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

/**
 * The `RegionPicker` scaffolder field for the new frontend system. The
 * blueprint attaches it to the scaffolder's form fields API
 * (`api:scaffolder/form-fields`), so it works from this plugin without a
 * scaffolder module; the component loads with the first template form.
 */
export const regionPickerFormField = FormFieldBlueprint.make({
  name: 'region-picker',
  params: {
    field: () =>
      import('../components/RegionPicker').then(m =>
        createFormField({
          name: 'RegionPicker',
          component: m.RegionPicker,
          validation: m.regionPickerValidation,
          schema: m.RegionPickerFieldSchema,
        }),
      ),
  },
});
