import { useState } from 'react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MulticlusterApi, multiclusterApiRef } from '../../api';
import { fakeApi } from '../../__testUtils__/placement';
import { RegionPicker, RegionPickerProps } from './RegionPicker';
import { RegionPickerUiOptions } from './schema';
import { inventory } from './testInventory';

interface Setup {
  api?: MulticlusterApi;
  formData?: string[];
  uiOptions?: RegionPickerUiOptions;
  maxItems?: number;
  rawErrors?: string[];
}

/** The field as the form drives it: the value it emits comes back in. */
async function renderPicker(setup: Setup = {}) {
  const onChange = jest.fn();
  const Form = () => {
    const [formData, setFormData] = useState(setup.formData);
    const props = {
      name: 'regions',
      schema: { type: 'array', maxItems: setup.maxItems },
      uiSchema: { 'ui:options': setup.uiOptions ?? {} },
      idSchema: { $id: 'root_regions' },
      formData,
      onChange: (value?: string[]) => {
        onChange(value);
        setFormData(value);
      },
      onBlur: jest.fn(),
      onFocus: jest.fn(),
      rawErrors: setup.rawErrors ?? [],
      required: true,
      disabled: false,
      readonly: false,
    } as unknown as RegionPickerProps;
    return <RegionPicker {...props} />;
  };
  const api = setup.api ?? fakeApi({ getClusters: async () => inventory });
  await renderInTestApp(
    <TestApiProvider apis={[[multiclusterApiRef, api]]}>
      <Form />
    </TestApiProvider>,
  );
  return { onChange };
}

/** Opens the list and waits for the inventory to fill it. */
async function openList() {
  await userEvent.click(screen.getByRole('textbox', { name: /Regions/ }));
  return screen.findByRole('listbox');
}

describe('RegionPicker', () => {
  it('lists regions with their Ready clusters; one without any is disabled', async () => {
    await renderPicker();
    const listbox = await openList();
    const options = await within(listbox).findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'North America (na) · 2/2 clusters Ready',
      'Europe (eu) · 1/2 clusters Ready',
      'Southeast Asia (sea) · 0/1 cluster Ready',
    ]);
    expect(options[0]).toHaveAttribute('aria-disabled', 'false');
    expect(options[2]).toHaveAttribute('aria-disabled', 'true');
  });

  it('emits the chosen region ids in the order they were chosen', async () => {
    const { onChange } = await renderPicker();
    await userEvent.click(
      await within(await openList()).findByText(/^Europe \(eu\)/),
    );
    await userEvent.click(
      await within(await openList()).findByText(/^North America \(na\)/),
    );
    expect(onChange).toHaveBeenLastCalledWith(['eu', 'na']);
    expect(screen.getByRole('button', { name: 'Europe (eu)' })).toBeVisible();
  });

  it('can be operated with the keyboard alone', async () => {
    const { onChange } = await renderPicker();
    await userEvent.tab();
    expect(screen.getByRole('textbox', { name: /Regions/ })).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    await screen.findByRole('listbox');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(onChange).toHaveBeenLastCalledWith(['eu']);
    // Backspace removes the last chip; no choice left is no value.
    await userEvent.keyboard('{Backspace}');
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });

  it('does not let a disabled region be chosen by click', async () => {
    const { onChange } = await renderPicker();
    const listbox = await openList();
    // MUI makes a disabled option ignore the pointer; click it regardless.
    const user = userEvent.setup({ pointerEventsCheck: 0 });
    await user.click(await within(listbox).findByText(/^Southeast Asia/));
    expect(onChange).not.toHaveBeenCalled();
  });

  it('flags a chosen region without a Ready cluster, e.g. a default', async () => {
    await renderPicker({ formData: ['na', 'sea'] });
    expect(
      await screen.findByRole('button', {
        name: 'Southeast Asia (sea): no Ready cluster',
      }),
    ).toBeVisible();
    expect(
      screen.getByRole('button', { name: 'North America (na)' }),
    ).toBeVisible();
  });

  it('ignores the empty slots the form adds up to minItems', async () => {
    // RJSF starts an array with minItems: 1 as [undefined].
    await renderPicker({ formData: [undefined as unknown as string, 'na'] });
    expect(
      await screen.findByRole('button', { name: 'North America (na)' }),
    ).toBeVisible();
    expect(screen.queryByText(/undefined/)).not.toBeInTheDocument();
  });

  it('shows the validation error it is given', async () => {
    await renderPicker({
      formData: ['sea'],
      rawErrors: ['region sea has no Ready cluster'],
    });
    expect(screen.getByRole('textbox', { name: /Regions/ })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('offers only allowedRegions', async () => {
    await renderPicker({ uiOptions: { allowedRegions: ['eu', 'sea'] } });
    const options = await within(await openList()).findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Europe (eu) · 1/2 clusters Ready',
      'Southeast Asia (sea) · 0/1 cluster Ready',
    ]);
  });

  it('disables the other regions once maxItems are chosen', async () => {
    await renderPicker({ formData: ['na'], maxItems: 1 });
    const options = await within(await openList()).findAllByRole('option');
    expect(options.map(o => o.getAttribute('aria-disabled'))).toEqual([
      'true',
      'true',
    ]);
  });

  it('picks cluster names in cluster mode, labelled with their region', async () => {
    const { onChange } = await renderPicker({
      uiOptions: { pick: 'clusters' },
    });
    await userEvent.click(screen.getByRole('textbox', { name: /Clusters/ }));
    const listbox = await screen.findByRole('listbox');
    const notReady = await within(listbox).findByText(
      'sea-1 · Southeast Asia (sea) · Not ready',
    );
    expect(notReady).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(
      within(listbox).getByText('na-2 · North America (na) · Ready'),
    );
    expect(onChange).toHaveBeenLastCalledWith(['na-2']);
    expect(
      screen.getByRole('button', { name: 'na-2 · North America' }),
    ).toBeVisible();
  });

  it('warns when the inventory is stale', async () => {
    await renderPicker({
      api: fakeApi({
        getClusters: async () => ({ ...inventory, stale: true }),
      }),
    });
    expect(
      await screen.findByText(
        'Karmada data is stale: readiness may be out of date.',
      ),
    ).toBeInTheDocument();
  });

  it('says it is loading while the inventory has not answered', async () => {
    await renderPicker({
      api: fakeApi({ getClusters: () => new Promise(() => {}) }),
    });
    await userEvent.click(screen.getByRole('textbox', { name: /Regions/ }));
    expect(
      await screen.findByText('Loading the cluster inventory…'),
    ).toBeInTheDocument();
  });

  it('shows an unreachable inventory, still takes typed ids and retries', async () => {
    const getClusters = jest
      .fn<Promise<typeof inventory>, []>()
      .mockRejectedValueOnce(new Error('503 Service Unavailable'))
      .mockResolvedValue(inventory);
    const { onChange } = await renderPicker({
      api: fakeApi({ getClusters }),
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not load the cluster inventory: 503 Service Unavailable',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Regions/ }),
      ' eu {Enter}',
    );
    expect(onChange).toHaveBeenLastCalledWith(['eu']);
    // Leaving the field keeps what was typed, too.
    await userEvent.type(
      screen.getByRole('textbox', { name: /Regions/ }),
      'mars',
    );
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(['eu', 'mars']);

    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(screen.queryByRole('alert')).not.toBeInTheDocument(),
    );
    expect(getClusters).toHaveBeenCalledTimes(2);
    // With the inventory, typed ids show as listed regions, or are flagged.
    expect(screen.getByRole('button', { name: 'Europe (eu)' })).toBeVisible();
    expect(
      screen.getByRole('button', { name: 'mars: not offered' }),
    ).toBeVisible();
  });
});
