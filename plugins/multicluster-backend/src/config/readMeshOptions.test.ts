import { ConfigReader } from '@backstage/config';
import { readMeshOptions } from './readMeshOptions';

const read = (mesh: object) =>
  readMeshOptions(new ConfigReader({ multicluster: { mesh } }));

describe('readMeshOptions', () => {
  it('bounds istiod debug answers at 64 MiB by default', () => {
    expect(read({}).istiod.maxResponseBytes).toBe(64 * 2 ** 20);
  });

  it('reads multicluster.mesh.istiod.maxResponseBytes', () => {
    expect(
      read({ istiod: { maxResponseBytes: 256 * 2 ** 20 } }).istiod
        .maxResponseBytes,
    ).toBe(256 * 2 ** 20);
  });

  it.each([0, -1, 1.5])(
    'refuses maxResponseBytes %p, naming the key',
    value => {
      expect(() => read({ istiod: { maxResponseBytes: value } })).toThrow(
        `multicluster.mesh.istiod.maxResponseBytes: must be a positive integer, got ${value}`,
      );
    },
  );
});
