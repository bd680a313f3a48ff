import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AUTHOR_CONFIG, git } from './git';

/**
 * How an existing folder compares with the files that would be committed:
 * - absent: nothing there yet
 * - identical: a clean git repository whose HEAD holds exactly those files
 * - different: a clean git repository whose HEAD holds other files
 * - uncommitted: a git repository with edits nobody committed
 * - not-a-repository: something else is in the way
 */
export type RepositoryComparison =
  | 'absent'
  | 'identical'
  | 'different'
  | 'uncommitted'
  | 'not-a-repository';

/** Compares `source` with the repository at `target`; writes nothing. */
export async function compareWithRepository(
  source: string,
  target: string,
): Promise<RepositoryComparison> {
  if (!(await pathExists(target))) {
    return 'absent';
  }
  if (!(await isRepositoryWithCommit(target))) {
    return 'not-a-repository';
  }
  // Edits somebody made in the repository without committing are theirs:
  // never overwritten. --no-optional-locks: no index refresh is written.
  if (await hasChanges(target)) {
    return 'uncommitted';
  }
  // The source as `git add -A` would see it (same .gitignore rules), against
  // HEAD: status with the source as work tree and a throwaway index holding
  // HEAD's tree, so the repository's own index is left alone.
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'publish-local-'));
  try {
    const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
    await git(target, ['read-tree', 'HEAD'], env);
    return (await hasChanges(target, source, env)) ? 'different' : 'identical';
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Creates a git repository at `target` with the files of `source` (without
 * any `.git`) in one commit on `branch`. Returns false, leaving `target`
 * alone, when something appeared there in the meantime.
 */
export async function createRepository(options: {
  source: string;
  target: string;
  branch: string;
  message: string[];
}): Promise<boolean> {
  const { source, target, branch, message } = options;
  const parent = path.dirname(target);
  await fs.mkdir(parent, { recursive: true });
  // Built beside the target and renamed into place: a failed run leaves no
  // half-made repository, and two runs for one name cannot interleave.
  const staging = await fs.mkdtemp(
    path.join(parent, `.${path.basename(target)}.tmp-`),
  );
  try {
    await fs.cp(source, staging, {
      recursive: true,
      verbatimSymlinks: true,
      filter: file =>
        !path.relative(source, file).split(path.sep).includes('.git'),
    });
    await git(staging, ['init', '--quiet', '--initial-branch', branch]);
    await git(staging, ['add', '--all']);
    await git(staging, [
      ...AUTHOR_CONFIG,
      'commit',
      '--quiet',
      ...message.flatMap(paragraph => ['-m', paragraph]),
    ]);
    try {
      await fs.rename(staging, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') {
        return false;
      }
      throw error;
    }
    return true;
  } finally {
    // Nothing left to remove after a successful rename.
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/**
 * Commits the files of `source` on top of the clean repository at `target`:
 * its work tree becomes exactly `source` (files gone from the source are
 * removed), as a push of new content to an existing repository would.
 */
export async function commitOnTop(options: {
  source: string;
  target: string;
  message: string[];
}): Promise<void> {
  const { source, target, message } = options;
  for (const entry of await fs.readdir(target)) {
    if (entry !== '.git') {
      await fs.rm(path.join(target, entry), { recursive: true, force: true });
    }
  }
  await fs.cp(source, target, {
    recursive: true,
    verbatimSymlinks: true,
    filter: file =>
      !path.relative(source, file).split(path.sep).includes('.git'),
  });
  await git(target, ['add', '--all']);
  await git(target, [
    ...AUTHOR_CONFIG,
    'commit',
    '--quiet',
    ...message.flatMap(paragraph => ['-m', paragraph]),
  ]);
}

/** Whether `branch` is a valid git branch name; runs no repository command. */
export async function isValidBranchName(branch: string): Promise<boolean> {
  if (branch.startsWith('-')) {
    return false;
  }
  try {
    await git(os.tmpdir(), ['check-ref-format', '--branch', branch]);
    return true;
  } catch {
    return false;
  }
}

export async function pathExists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw error;
  }
}

async function isRepositoryWithCommit(folder: string): Promise<boolean> {
  // The folder's own .git, not one of a repository the folder lies in.
  if (!(await pathExists(path.join(folder, '.git')))) {
    return false;
  }
  try {
    await git(folder, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    return true;
  } catch {
    return false;
  }
}

async function hasChanges(
  repository: string,
  workTree: string = repository,
  env: Record<string, string> = {},
): Promise<boolean> {
  const status = await git(
    repository,
    [
      '--no-optional-locks',
      `--git-dir=${path.join(repository, '.git')}`,
      `--work-tree=${workTree}`,
      'status',
      '--porcelain',
      '--untracked-files=all',
    ],
    env,
  );
  return status.trim() !== '';
}
