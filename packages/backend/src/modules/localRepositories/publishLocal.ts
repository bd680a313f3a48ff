import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readRepositoriesDirectory } from './config';
import {
  commitOnTop,
  compareWithRepository,
  createRepository,
  isValidBranchName,
  pathExists,
  RepositoryComparison,
} from './localRepository';
import { examples } from './publishLocal.examples';

/** A DNS-1123 label: safe as a folder name and as a catalog entity name. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const CATALOG_INFO_FILE = 'catalog-info.yaml';

/**
 * `publish:local`: publishes the workspace as a git repository in a folder
 * on the backend host, `<localRepositories.directory>/<name>`.
 *
 * The demo's stand-in for `publish:github` and friends, for installations
 * without a git host. Running a template again with the same name and the
 * same files is a no-op; other files become a new commit on top, unless
 * somebody left uncommitted edits there, which are never overwritten.
 */
export function createPublishLocalAction(options: { config: Config }) {
  const { config } = options;
  return createTemplateAction({
    id: 'publish:local',
    description:
      'Publishes the workspace as a git repository in localRepositories.directory on the backend host (a stand-in for a git host in the demo)',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe(
              'Repository folder name, a DNS-1123 label (lowercase letters, digits, dashes)',
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace folder to publish, relative to the workspace; default: the workspace root',
            ),
        description: z =>
          z.string().optional().describe('Goes into the commit message'),
        defaultBranch: z =>
          z
            .string()
            .optional()
            .describe('Branch of the first commit; default: main'),
      },
      output: {
        result: z =>
          z
            .enum(['created', 'updated', 'unchanged'])
            .describe(
              'created; updated when a new commit went on top of other content; unchanged when the repository already held exactly these files',
            ),
        repoContentsPath: z =>
          z.string().describe('Absolute path of the repository folder'),
        remoteUrl: z =>
          z.string().describe('file:// URL of the repository, for git clone'),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Absolute path of catalog-info.yaml in the repository, when the published files have one',
            ),
      },
    },
    async handler(ctx) {
      const name = ctx.input.name;
      const branch = ctx.input.defaultBranch ?? 'main';
      if (!DNS_LABEL.test(name)) {
        throw new InputError(
          `name: '${name}' is not a DNS-1123 label (at most 63 lowercase letters, digits and dashes, starting and ending with a letter or digit)`,
        );
      }
      if (!(await isValidBranchName(branch))) {
        throw new InputError(
          `defaultBranch: '${branch}' is not a valid git branch name`,
        );
      }
      const source = await resolveSource(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      const target = path.join(readRepositoriesDirectory(config), name);

      const comparison = await compareWithRepository(source, target);
      refuseUnlessUsable(comparison, name, target);
      let result: 'created' | 'updated' | 'unchanged' = 'unchanged';
      if (comparison === 'absent') result = 'created';
      if (comparison === 'different') result = 'updated';
      if (result === 'updated' && !ctx.isDryRun) {
        await commitOnTop({
          source,
          target,
          message: [
            `Update ${name}`,
            ...(ctx.input.description ? [ctx.input.description] : []),
          ],
        });
      }

      if (result === 'created' && !ctx.isDryRun) {
        const created = await createRepository({
          source,
          target,
          branch,
          message: [
            `Initial commit of ${name}`,
            ...(ctx.input.description ? [ctx.input.description] : []),
          ],
        });
        if (!created) {
          // Another run published under this name in the meantime.
          const now = await compareWithRepository(source, target);
          refuseUnlessUsable(now, name, target);
          result = 'unchanged';
        }
      }
      const repository = `a git repository at ${target} on branch ${branch}`;
      const done =
        result === 'created' ? 'created' : 'committed the new files on top of';
      ctx.logger.info(
        result === 'unchanged'
          ? `${target} already holds these files; nothing written`
          : `${
              ctx.isDryRun ? 'Dry run: would have ' : ''
            }${done} ${repository}`,
      );

      ctx.output('result', result);
      ctx.output('repoContentsPath', target);
      ctx.output('remoteUrl', pathToFileURL(target).href);
      if (await pathExists(path.join(source, CATALOG_INFO_FILE))) {
        ctx.output('catalogInfoPath', path.join(target, CATALOG_INFO_FILE));
      }
    },
  });
}

/** The absolute source folder; refuses paths leaving the workspace. */
async function resolveSource(
  workspacePath: string,
  sourcePath: string,
): Promise<string> {
  let source: string;
  try {
    source = resolveSafeChildPath(workspacePath, sourcePath);
  } catch {
    throw new InputError(
      `sourcePath: '${sourcePath}' lies outside the workspace`,
    );
  }
  const stat = await fs.stat(source).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new InputError(
      `sourcePath: '${sourcePath}' is not a folder in the workspace`,
    );
  }
  if ((await fs.readdir(source)).length === 0) {
    throw new InputError(`sourcePath: '${sourcePath}' is empty`);
  }
  return source;
}

function refuseUnlessUsable(
  comparison: RepositoryComparison,
  name: string,
  target: string,
) {
  if (comparison === 'uncommitted') {
    throw new InputError(
      `name: the local repository '${name}' has uncommitted changes; commit or discard them in ${target}, or choose another name`,
    );
  }
  if (comparison === 'not-a-repository') {
    throw new InputError(
      `name: ${target} already exists and is not a git repository with a commit; choose another name or remove ${target}`,
    );
  }
}
