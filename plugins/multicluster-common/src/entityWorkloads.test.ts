import { Entity } from '@backstage/catalog-model';
import {
  getEntityWorkloadSelector,
  isMulticlusterAvailable,
  validateEntityWorkloadSelector,
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

describe('validateEntityWorkloadSelector', () => {
  const SELECTOR = 'backstage.io/kubernetes-label-selector';
  const withSelector = (selector: string) =>
    validateEntityWorkloadSelector(entityWith({ [SELECTOR]: selector }));

  it.each([
    'app=hello',
    'app==hello',
    'app in (hello)',
    'app in(hello)',
    ' app = hello ',
    'example.com/app=hello,tier!=db,!legacy,track,zone notin (a, b)',
    'tier in (web,api),app=hello',
    'app.kubernetes.io/name=hello_World-2.x',
  ])('accepts %j: it pins a label to one value', selector => {
    expect(withSelector(selector)).toBeUndefined();
  });

  it.each([
    ['!foo', 'does not exist'],
    ['foo', 'exists'],
    ['app notin (x)', 'notin'],
    ['a!=b', 'not equal'],
    ['tier in (web,api)', 'a set of two values'],
    ['app=', 'an empty value'],
    ['!foo,bar,a!=b,c notin (d)', 'only broad terms'],
    [',', 'no term at all'],
  ])('refuses %j (%s): it matches nearly everything', selector => {
    expect(withSelector(selector)).toBe(
      `${SELECTOR}: '${selector}' needs at least one term key=value, key==value or key in (value): without one it matches nearly every workload of every cluster`,
    );
  });

  it.each([
    ['app=hello,(', `'app=hello,(' has unbalanced or nested parentheses`],
    ['app in (a,(b))', `'app in (a,(b))' has unbalanced or nested parentheses`],
    ['app=hello)', `'app=hello)' has unbalanced or nested parentheses`],
    ['app=a=b', `'app=a=b' is not a label selector term`],
    ['app hello', `'app hello' is not a label selector term`],
    ['app in (a,,b)', `'app in (a,,b)' has an empty value in its set`],
    ['app in ()', `'app in ()' has an empty value in its set`],
    ['-app=hello', `'-app' is not a valid label key`],
    ['Example.com/app=x', `'Example.com/app' is not a valid label key`],
    ['a/b/c=x', `'a/b/c' is not a valid label key`],
    ['app=hello world', `'app=hello world' is not a label selector term`],
    ['app=-x', `'-x' is not a valid label value`],
    [`app=${'v'.repeat(64)}`, `'${'v'.repeat(64)}' is not a valid label value`],
    ['app>1', `'app>1' is not a valid label key`],
  ])('refuses the broken selector %j', (selector, problem) => {
    expect(withSelector(selector)).toBe(`${SELECTOR}: ${problem}`);
  });

  it('shortens a long selector in the message', () => {
    const message = withSelector(`!${'k'.repeat(50)},${'!x,'.repeat(100)}`)!;
    expect(message.startsWith(`${SELECTOR}: '!kkkk`)).toBe(true);
    expect(message).toContain('…');
    expect(message.length).toBeLessThan(300);
  });

  it('checks the id, which becomes a label value, when there is no selector', () => {
    expect(
      validateEntityWorkloadSelector(
        entityWith({ 'backstage.io/kubernetes-id': 'hello' }),
      ),
    ).toBeUndefined();
    expect(
      validateEntityWorkloadSelector(
        entityWith({ 'backstage.io/kubernetes-id': 'x,!y' }),
      ),
    ).toBe("backstage.io/kubernetes-id: 'x,!y' is not a valid label value");
  });

  it('checks the namespace', () => {
    expect(
      validateEntityWorkloadSelector(
        entityWith({
          'backstage.io/kubernetes-id': 'hello',
          'backstage.io/kubernetes-namespace': '..',
        }),
      ),
    ).toBe(
      "backstage.io/kubernetes-namespace: '..' is not a valid namespace name",
    );
  });

  it('has nothing to say about an entity without the annotations', () => {
    expect(validateEntityWorkloadSelector(entityWith({}))).toBeUndefined();
  });
});
