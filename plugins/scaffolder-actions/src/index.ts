/**
 * Scaffolder backend module with the multicluster actions.
 *
 * @packageDocumentation
 */

export { scaffolderModuleMulticluster as default } from './module';
export { createKarmadaCheckAction } from './actions/karmadaCheck';
