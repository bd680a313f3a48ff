/**
 * Types, annotations and permissions shared by the multicluster plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './permissions';
export * from './types';
export * from './placementTypes';
export * from './meshTypes';
export * from './entityWorkloads';
