import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPublishLocalAction } from './publishLocal';

describe('publish:local', () => {
  const mockDir = createMockDirectory();
  const workspace = mockDir.resolve('workspace');
  const repositories = mockDir.resolve('repos');
  const target = path.join(repositories, 'payments');

  beforeEach(() => {
    mockDir.setContent({
      workspace: {
        'catalog-info.yaml': 'kind: Component\nmetadata:\n  name: payments\n',
        src: { 'index.js': 'console.log("hello");\n' },
      },
    });
  });

  function action(
    config: object = { localRepositories: { directory: repositories } },
  ) {
    return createPublishLocalAction({ config: new ConfigReader(config) });
  }

  function context(input: Record<string, string>, isDryRun = false) {
    return {
      ...createMockActionContext({
        input: { name: 'payments', ...input },
        workspacePath: workspace,
      }),
      isDryRun,
    };
  }

  function git(cwd: string, ...args: string[]) {
    return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  }

  it('creates a git repository with the workspace files in one commit', async () => {
    const ctx = context({ description: 'Pays the bills' });
    await action().handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('result', 'created');
    expect(ctx.output).toHaveBeenCalledWith('repoContentsPath', target);
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      pathToFileURL(target).href,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      path.join(target, 'catalog-info.yaml'),
    );
    expect(git(target, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(git(target, 'branch', '--show-current')).toBe('main');
    expect(git(target, 'log', '-1', '--format=%an <%ae>|%cn <%ce>')).toBe(
      'Backstage Scaffolder <scaffolder@backstage.local>|Backstage Scaffolder <scaffolder@backstage.local>',
    );
    expect(git(target, 'log', '-1', '--format=%B')).toBe(
      'Initial commit of payments\n\nPays the bills',
    );
    expect(git(target, 'ls-files').split('\n')).toEqual([
      'catalog-info.yaml',
      'src/index.js',
    ]);
    expect(git(target, 'status', '--porcelain')).toBe('');
    // The staging folder was renamed into place; nothing else is left.
    expect(fs.readdirSync(repositories)).toEqual(['payments']);
  });

  it('publishes a workspace folder on the given branch, without its .git', async () => {
    mockDir.addContent({
      'workspace/service': {
        'README.md': '# payments\n',
        '.git': { HEAD: 'ref: refs/heads/elsewhere\n' },
      },
    });
    const ctx = context({ sourcePath: 'service', defaultBranch: 'trunk' });
    await action().handler(ctx);

    expect(git(target, 'branch', '--show-current')).toBe('trunk');
    expect(git(target, 'ls-files')).toBe('README.md');
    expect(ctx.output).not.toHaveBeenCalledWith(
      'catalogInfoPath',
      expect.anything(),
    );
  });

  it('reports unchanged and writes nothing when run again with the same files', async () => {
    await action().handler(context({}));
    const head = git(target, 'rev-parse', 'HEAD');

    const again = context({});
    await action().handler(again);

    expect(again.output).toHaveBeenCalledWith('result', 'unchanged');
    expect(again.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      path.join(target, 'catalog-info.yaml'),
    );
    expect(git(target, 'rev-parse', 'HEAD')).toBe(head);
    expect(fs.readdirSync(repositories)).toEqual(['payments']);
  });

  it('commits other content under a taken name on top, as a second commit', async () => {
    await action().handler(context({}));
    const head = git(target, 'rev-parse', 'HEAD');
    mockDir.addContent({ 'workspace/src/index.js': 'console.log("bye");\n' });
    fs.rmSync(path.join(workspace, 'catalog-info.yaml'));

    const again = context({});
    await action().handler(again);

    expect(again.output).toHaveBeenCalledWith('result', 'updated');
    expect(git(target, 'rev-parse', 'HEAD~1')).toBe(head);
    expect(git(target, 'log', '-1', '--format=%s')).toBe('Update payments');
    expect(fs.readFileSync(path.join(target, 'src/index.js'), 'utf8')).toBe(
      'console.log("bye");\n',
    );
    // Files gone from the source are gone from the repository too.
    expect(git(target, 'ls-files').split('\n')).toEqual(['src/index.js']);
    expect(git(target, 'status', '--porcelain')).toBe('');
  });

  it('never overwrites uncommitted changes in the repository', async () => {
    await action().handler(context({}));
    fs.writeFileSync(path.join(target, 'src/index.js'), 'edited\n');
    mockDir.addContent({ 'workspace/extra.txt': 'more\n' });

    await expect(action().handler(context({}))).rejects.toThrow(
      `name: the local repository 'payments' has uncommitted changes; commit or discard them in ${target}, or choose another name`,
    );
    expect(fs.readFileSync(path.join(target, 'src/index.js'), 'utf8')).toBe(
      'edited\n',
    );
    expect(fs.existsSync(path.join(target, 'extra.txt'))).toBe(false);
  });

  it('refuses a folder in the way that is not a repository', async () => {
    mockDir.addContent({ 'repos/payments/notes.txt': 'mine\n' });

    await expect(action().handler(context({}))).rejects.toThrow(
      /^name: .* already exists and is not a git repository/,
    );
    expect(fs.readdirSync(target)).toEqual(['notes.txt']);
  });

  it.each([
    'Payments',
    'pay_ments',
    '-payments',
    '../payments',
    'a'.repeat(64),
  ])('refuses the name %j', async name => {
    await expect(action().handler(context({ name }))).rejects.toThrow(
      /^name: .* is not a DNS-1123 label/,
    );
    expect(fs.existsSync(repositories)).toBe(false);
  });

  it('refuses an invalid branch name', async () => {
    await expect(
      action().handler(context({ defaultBranch: 'a..b' })),
    ).rejects.toThrow("defaultBranch: 'a..b' is not a valid git branch name");
  });

  it.each(['..', '../outside', '/etc'])(
    'refuses the sourcePath %j outside the workspace',
    async sourcePath => {
      await expect(action().handler(context({ sourcePath }))).rejects.toThrow(
        `sourcePath: '${sourcePath}' lies outside the workspace`,
      );
      expect(fs.existsSync(repositories)).toBe(false);
    },
  );

  it('refuses a sourcePath that is not a folder', async () => {
    await expect(
      action().handler(context({ sourcePath: 'missing' })),
    ).rejects.toThrow("sourcePath: 'missing' is not a folder in the workspace");
  });

  it('reports what a dry run would do and writes nothing', async () => {
    const ctx = context({}, true);
    await action().handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('result', 'created');
    expect(ctx.output).toHaveBeenCalledWith('repoContentsPath', target);
    expect(fs.existsSync(repositories)).toBe(false);
  });

  it('reports an update in a dry run and writes nothing', async () => {
    await action().handler(context({}));
    const head = git(target, 'rev-parse', 'HEAD');
    mockDir.addContent({ 'workspace/extra.txt': 'more\n' });

    const dry = context({}, true);
    await action().handler(dry);

    expect(dry.output).toHaveBeenCalledWith('result', 'updated');
    expect(git(target, 'rev-parse', 'HEAD')).toBe(head);
    expect(fs.existsSync(path.join(target, 'extra.txt'))).toBe(false);
  });

  it('names the config key when localRepositories.directory is missing', async () => {
    await expect(action({}).handler(context({}))).rejects.toThrow(
      'localRepositories.directory is not configured',
    );
  });

  it('supports dry run', () => {
    expect(action().supportsDryRun).toBe(true);
  });
});
