/**
 * A permission policy for the multicluster plugin set.
 *
 * @packageDocumentation
 */

export { permissionModuleMulticlusterPolicy as default } from './module';
export { MulticlusterPermissionPolicy } from './MulticlusterPermissionPolicy';
