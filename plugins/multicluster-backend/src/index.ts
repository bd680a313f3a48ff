/**
 * Backend plugin for multi-region Kubernetes: Karmada placement and Istio mesh
 * status, aggregated across clusters.
 *
 * @packageDocumentation
 */

export { multiclusterPlugin as default } from './plugin';
