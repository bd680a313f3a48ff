export { RegionPickerFieldExtension } from './fieldExtensions';
