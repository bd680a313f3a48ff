import { ConfigReader } from '@backstage/config';
import path from 'node:path';
import { isInside, readRepositoriesDirectory } from './config';

describe('readRepositoriesDirectory', () => {
  it('resolves a relative folder against the working directory', () => {
    const config = new ConfigReader({
      localRepositories: { directory: '../../.demo-repos' },
    });
    expect(readRepositoriesDirectory(config)).toBe(
      path.resolve(process.cwd(), '../../.demo-repos'),
    );
  });

  it('keeps an absolute folder', () => {
    const config = new ConfigReader({
      localRepositories: { directory: '/srv/repos/' },
    });
    expect(readRepositoriesDirectory(config)).toBe('/srv/repos');
  });

  it('names the key when it is missing', () => {
    expect(() => readRepositoriesDirectory(new ConfigReader({}))).toThrow(
      /^localRepositories.directory is not configured/,
    );
  });
});

describe('isInside', () => {
  it.each([
    ['/srv/repos', '/srv/repos', true],
    ['/srv/repos', '/srv/repos/a/catalog-info.yaml', true],
    ['/srv/repos', '/srv/repos/..a/b', true],
    ['/srv/repos', '/srv/repos-other/a', false],
    ['/srv/repos', '/srv', false],
    ['/srv/repos', '/etc/passwd', false],
  ])('%s contains %s: %s', (parent, child, expected) => {
    expect(isInside(parent, child)).toBe(expected);
  });
});
