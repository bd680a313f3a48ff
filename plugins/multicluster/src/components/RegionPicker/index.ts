export { RegionPicker } from './RegionPicker';
export type { RegionPickerProps } from './RegionPicker';
export { RegionPickerFieldSchema } from './schema';
export type { RegionPickerUiOptions } from './schema';
export { regionPickerValidation } from './validation';
