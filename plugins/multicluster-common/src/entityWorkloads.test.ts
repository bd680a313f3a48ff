import { Entity } from '@backstage/catalog-model';
import {
  getEntityWorkloadSelector,
  isMulticlusterAvailable,
} from './entityWorkloads';

function entityWith(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'hello', annotations },
    spec: {},
  };
}

describe('isMulticlusterAvailable', () => {
  it('is true for the kubernetes id annotation', () => {
    expect(
      isMulticlusterAvailable(
        entityWith({ 'backstage.io/kubernetes-id': 'hello' }),
      ),
    ).toBe(true);
  });

  it('is true for the label selector annotation', () => {
    expect(
      isMulticlusterAvailable(
        entityWith({ 'backstage.io/kubernetes-label-selector': 'app=hello' }),
      ),
    ).toBe(true);
  });

  it('is false without either annotation or with a blank value', () => {
    expect(isMulticlusterAvailable(entityWith({}))).toBe(false);
    expect(
      isMulticlusterAvailable(
        entityWith({ 'backstage.io/kubernetes-id': ' ' }),
      ),
    ).toBe(false);
  });
});

describe('getEntityWorkloadSelector', () => {
  it('turns the id into a label selector', () => {
    expect(
      getEntityWorkloadSelector(
        entityWith({ 'backstage.io/kubernetes-id': 'hello' }),
      ),
    ).toEqual({ labelSelector: 'backstage.io/kubernetes-id=hello' });
  });

  it('prefers an explicit label selector and keeps the namespace', () => {
    expect(
      getEntityWorkloadSelector(
        entityWith({
          'backstage.io/kubernetes-id': 'hello',
          'backstage.io/kubernetes-label-selector': 'app=hello,tier=web',
          'backstage.io/kubernetes-namespace': 'shop',
        }),
      ),
    ).toEqual({ labelSelector: 'app=hello,tier=web', namespace: 'shop' });
  });

  it('returns undefined when nothing selects workloads', () => {
    expect(getEntityWorkloadSelector(entityWith({}))).toBeUndefined();
  });
});
