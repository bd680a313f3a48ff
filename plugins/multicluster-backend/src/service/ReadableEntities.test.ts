import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ReadableEntities } from './ReadableEntities';

const hello: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'hello', namespace: 'default' },
  spec: {},
};
const helloRef = { kind: 'component', namespace: 'default', name: 'hello' };
const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');

describe('ReadableEntities', () => {
  let now: number;
  let getEntityByRef: jest.Mock;
  let authorize: jest.Mock;

  beforeEach(() => {
    now = 1_000_000;
    getEntityByRef = jest.fn(async () => hello);
    authorize = jest.fn(async () => [{ result: AuthorizeResult.ALLOW }]);
  });

  function entities(ttlMs = 10_000, maxEntries = 100) {
    return new ReadableEntities({
      catalog: { getEntityByRef } as unknown as CatalogService,
      permissions: { authorize } as unknown as PermissionsService,
      ttlMs,
      maxEntries,
      now: () => now,
    });
  }

  it('looks the entity up with the caller credentials and checks multicluster.entity.read', async () => {
    await expect(entities(0).get(helloRef, alice)).resolves.toBe(hello);
    expect(getEntityByRef).toHaveBeenCalledWith(helloRef, {
      credentials: alice,
    });
    expect(authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'multicluster.entity.read',
          }),
          resourceRef: 'component:default/hello',
        },
      ],
      { credentials: alice },
    );
  });

  it('is not found when the caller cannot see the entity, not allowed without the permission', async () => {
    getEntityByRef.mockResolvedValueOnce(undefined);
    await expect(entities().get(helloRef, alice)).rejects.toThrow(
      NotFoundError,
    );
    authorize.mockResolvedValueOnce([{ result: AuthorizeResult.DENY }]);
    await expect(entities().get(helloRef, alice)).rejects.toThrow(
      NotAllowedError,
    );
  });

  it('reuses a granted lookup for the same caller until the TTL ends', async () => {
    const subject = entities(10_000);
    await subject.get(helloRef, alice);
    now += 9_999;
    await subject.get({ ...helloRef, kind: 'Component' }, alice);
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
    expect(authorize).toHaveBeenCalledTimes(1);

    now += 1;
    await subject.get(helloRef, alice);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
    expect(authorize).toHaveBeenCalledTimes(2);
  });

  it('never shares a lookup between users', async () => {
    const subject = entities();
    authorize.mockImplementation(async (_requests, { credentials }) => [
      {
        result:
          credentials.principal.userEntityRef === 'user:default/bob'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      },
    ]);
    await expect(subject.get(helloRef, alice)).resolves.toBe(hello);
    await expect(subject.get(helloRef, bob)).rejects.toThrow(NotAllowedError);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('keeps a user acting through a service apart from the user', async () => {
    const subject = entities();
    const viaScaffolder = mockCredentials.user('user:default/alice', {
      actor: { subject: 'plugin:scaffolder' },
    });
    await subject.get(helloRef, alice);
    await subject.get(helloRef, viaScaffolder);
    await subject.get(helloRef, viaScaffolder);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('asks again for every service request: its access restrictions decide', async () => {
    const subject = entities();
    const unrestricted = mockCredentials.service('external:backstage-plugin');
    const restricted = mockCredentials.service('external:backstage-plugin', {
      permissionNames: ['catalog.entity.read'],
    });
    authorize.mockImplementation(async (_requests, { credentials }) => [
      {
        result: credentials.principal.accessRestrictions
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      },
    ]);
    await expect(subject.get(helloRef, unrestricted)).resolves.toBe(hello);
    await expect(subject.get(helloRef, restricted)).rejects.toThrow(
      NotAllowedError,
    );
    await subject.get(helloRef, unrestricted);
    expect(getEntityByRef).toHaveBeenCalledTimes(3);
  });

  it('cannot be tricked into another key by separators in the reference', async () => {
    const subject = entities();
    await subject.get(helloRef, alice);
    await subject.get({ ...helloRef, name: 'hello|x' }, alice);
    await subject.get({ ...helloRef, kind: 'component"]' }, alice);
    expect(getEntityByRef).toHaveBeenCalledTimes(3);
  });

  it('shares one call between concurrent identical lookups', async () => {
    let release: (entity: Entity) => void = () => {};
    getEntityByRef.mockImplementationOnce(
      () => new Promise<Entity>(resolve => (release = resolve)),
    );
    const subject = entities();
    const all = Promise.all([1, 2, 3].map(() => subject.get(helloRef, alice)));
    release(hello);
    await expect(all).resolves.toEqual([hello, hello, hello]);
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('does not remember failures', async () => {
    const subject = entities();
    getEntityByRef.mockRejectedValueOnce(new Error('catalog is down'));
    await expect(subject.get(helloRef, alice)).rejects.toThrow(
      'catalog is down',
    );
    await expect(subject.get(helloRef, alice)).resolves.toBe(hello);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('looks up every time with a TTL of 0', async () => {
    const subject = entities(0);
    await subject.get(helloRef, alice);
    await subject.get(helloRef, alice);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('keeps at most maxEntries lookups, dropping the oldest', async () => {
    const subject = entities(10_000, 2);
    const ref = (name: string) => ({ ...helloRef, name });
    await subject.get(ref('a'), alice);
    await subject.get(ref('b'), alice);
    await subject.get(ref('c'), alice);
    expect(getEntityByRef).toHaveBeenCalledTimes(3);
    await subject.get(ref('c'), alice);
    await subject.get(ref('b'), alice);
    expect(getEntityByRef).toHaveBeenCalledTimes(3);
    await subject.get(ref('a'), alice);
    expect(getEntityByRef).toHaveBeenCalledTimes(4);
  });
});
