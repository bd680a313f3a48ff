import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ScaffolderField } from '@backstage/plugin-scaffolder-react/alpha';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import FormHelperText from '@material-ui/core/FormHelperText';
import TextField from '@material-ui/core/TextField';
import WarningIcon from '@material-ui/icons/Warning';
import Alert from '@material-ui/lab/Alert';
import Autocomplete from '@material-ui/lab/Autocomplete';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { multiclusterApiRef } from '../../api';
import { buildPickerOptions, RegionPickerOption } from './options';
import { chosenIds, RegionPickerUiOptions } from './schema';

/** @public */
export type RegionPickerProps = FieldExtensionComponentProps<
  string[],
  RegionPickerUiOptions
>;

/** A chosen id the list does not offer (typed, a default, unknown). */
const unlistedOption = (id: string): RegionPickerOption => ({
  value: id,
  label: id,
  chipLabel: id,
  region: id,
  ready: false,
});

const sameIds = (a: string[], b: string[]) =>
  a.length === b.length && a.every((id, index) => id === b[index]);

/** Why a chosen value will not pass validation, when the list already says. */
function chipWarning(
  option: RegionPickerOption,
  listed: boolean,
  pick: RegionPickerUiOptions['pick'],
): string | undefined {
  if (!listed) {
    return 'not offered';
  }
  if (!option.ready) {
    return pick === 'clusters' ? 'not Ready' : 'no Ready cluster';
  }
  return undefined;
}

/**
 * Scaffolder field: a multi-select of regions (or clusters) from the live
 * Karmada inventory, with how many clusters of each are Ready.
 *
 * Regions without a Ready cluster are listed but cannot be chosen, so the
 * user sees why a region is missing. When the inventory cannot be loaded
 * the error shows and the user can still type ids: the template is not
 * blocked by a read-only inventory being down, and `karmada:policy:create`
 * still refuses region ids missing from `multicluster.regions`.
 */
export const RegionPicker = (props: RegionPickerProps) => {
  const {
    onChange,
    onBlur,
    onFocus,
    schema,
    uiSchema,
    formData,
    idSchema,
    rawErrors,
    errors,
    required,
    disabled,
    readonly,
  } = props;
  const uiOptions = uiSchema['ui:options'];
  const pick = uiOptions?.pick ?? 'regions';
  const allowedRegions = uiOptions?.allowedRegions;
  const title = schema.title ?? (pick === 'clusters' ? 'Clusters' : 'Regions');
  const description =
    uiSchema['ui:description'] ??
    schema.description ??
    (pick === 'clusters'
      ? 'Clusters to deploy to; only Ready clusters can be chosen.'
      : 'Regions to deploy to; a region needs a Ready cluster.');

  const api = useApi(multiclusterApiRef);
  const inventory = useAsyncRetry(() => api.getClusters(), [api]);
  const options = useMemo(
    () =>
      inventory.value
        ? buildPickerOptions(inventory.value, { pick, allowedRegions })
        : [],
    [inventory.value, pick, allowedRegions],
  );

  const listed = useMemo(
    () => new Map(options.map(option => [option.value, option])),
    [options],
  );
  const selectedIds = useMemo(() => chosenIds(formData), [formData]);
  const selected = useMemo(
    () => selectedIds.map(id => listed.get(id) ?? unlistedOption(id)),
    [listed, selectedIds],
  );

  // Typing ids is the fallback for an unreachable inventory only: with a
  // list, anything typed would be refused by validation anyway.
  const freeSolo = Boolean(inventory.error);
  const atMaxItems =
    schema.maxItems !== undefined && selectedIds.length >= schema.maxItems;
  const fieldId = idSchema?.$id;

  const handleChange = (
    _event: unknown,
    chosen: Array<RegionPickerOption | string>,
  ) => {
    const ids = chosen
      // Disabled options only ignore the pointer through CSS: refuse a
      // newly chosen one that is not Ready here too. One chosen before (a
      // default) stays, for validation to explain.
      .filter(
        option =>
          typeof option === 'string' ||
          option.ready ||
          selectedIds.includes(option.value),
      )
      .map(option =>
        typeof option === 'string' ? option.trim() : option.value,
      )
      .filter(value => value !== '');
    const unique = [...new Set(ids)];
    if (sameIds(unique, selectedIds)) {
      return;
    }
    // An empty choice is no value, so that `required` catches it like an
    // emptied text field; the order is kept (failover order for the action).
    onChange(unique.length ? unique : undefined);
  };

  return (
    <ScaffolderField
      rawErrors={rawErrors}
      rawDescription={description}
      required={required}
      disabled={disabled}
      errors={errors}
    >
      <Autocomplete<RegionPickerOption, true, false, boolean>
        multiple
        id={fieldId}
        options={options}
        value={selected}
        onChange={handleChange}
        onBlur={() => onBlur(fieldId, formData)}
        onFocus={() => onFocus(fieldId, formData)}
        disabled={disabled || readonly}
        freeSolo={freeSolo}
        // Typed text becomes a value on blur too, not only on Enter.
        autoSelect={freeSolo}
        filterSelectedOptions
        loading={inventory.loading}
        loadingText="Loading the cluster inventory…"
        noOptionsText={
          pick === 'clusters' ? 'No clusters to choose' : 'No regions to choose'
        }
        getOptionLabel={option =>
          typeof option === 'string' ? option : option.label
        }
        getOptionSelected={(option, value) => option.value === value.value}
        getOptionDisabled={option => !option.ready || atMaxItems}
        renderTags={(chosen, getTagProps) =>
          chosen.map((option, index) => {
            // Without an inventory nothing is known about typed ids.
            const warning = inventory.value
              ? chipWarning(option, listed.has(option.value), pick)
              : undefined;
            return (
              <Chip
                {...getTagProps({ index })}
                key={option.value}
                size="small"
                icon={warning ? <WarningIcon /> : undefined}
                label={
                  warning ? `${option.chipLabel}: ${warning}` : option.chipLabel
                }
              />
            );
          })
        }
        renderInput={params => (
          <TextField
            {...params}
            label={title}
            margin="dense"
            variant="outlined"
            required={required}
            error={Boolean(rawErrors?.length)}
            placeholder={freeSolo ? 'Type an id and press Enter' : undefined}
            InputProps={{
              ...params.InputProps,
              // The native check only applies while nothing is chosen: the
              // chips are not the input's text.
              required: required && selectedIds.length === 0,
            }}
          />
        )}
      />
      {inventory.error && (
        <Alert
          severity="warning"
          action={
            <Button color="inherit" size="small" onClick={inventory.retry}>
              Retry
            </Button>
          }
        >
          Could not load the cluster inventory: {inventory.error.message}. You
          can still type {pick === 'clusters' ? 'cluster names' : 'region ids'},
          but their readiness cannot be checked.
        </Alert>
      )}
      {inventory.value?.stale && (
        <FormHelperText>
          Karmada data is stale: readiness may be out of date.
        </FormHelperText>
      )}
    </ScaffolderField>
  );
};
