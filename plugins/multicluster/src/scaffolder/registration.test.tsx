import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  FieldExtensionOptions,
  ScaffolderFieldExtensions,
  useCustomFieldExtensions,
} from '@backstage/plugin-scaffolder-react';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { renderInTestApp } from '@backstage/test-utils';
import { regionPickerFormField } from '../alpha/formFields';
import {
  RegionPicker,
  RegionPickerFieldSchema,
  regionPickerValidation,
} from '../components/RegionPicker';
import { RegionPickerFieldExtension } from './fieldExtensions';

// Both frontend systems must register the same field under the name that
// templates use in `ui:field`.
const expected = {
  name: 'RegionPicker',
  component: RegionPicker,
  validation: regionPickerValidation,
};

describe('RegionPicker registration', () => {
  it('is a field extension of the legacy ScaffolderPage', async () => {
    const outlet = (
      <ScaffolderFieldExtensions>
        <RegionPickerFieldExtension />
      </ScaffolderFieldExtensions>
    );
    // What the ScaffolderPage finds among its children.
    let found: FieldExtensionOptions[] = [];
    const Page = () => {
      found = useCustomFieldExtensions(outlet);
      return null;
    };
    await renderInTestApp(<Page />);
    expect(found).toEqual([
      { ...expected, schema: RegionPickerFieldSchema.schema },
    ]);
  });

  it('is a form field of the new frontend system, loaded on demand', async () => {
    const tester = createExtensionTester(regionPickerFormField);
    const load = tester.get(FormFieldBlueprint.dataRefs.formFieldLoader);
    // A FormField is opaque; its v1 instance carries the field's options.
    expect(await load()).toMatchObject({
      ...expected,
      schema: RegionPickerFieldSchema,
    });
  });
});
