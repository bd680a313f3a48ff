import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The author and committer of every commit the scaffolder makes. */
export const SCAFFOLDER_AUTHOR = {
  name: 'Backstage Scaffolder',
  email: 'scaffolder@backstage.local',
};

/** `-c` options that make git commit as {@link SCAFFOLDER_AUTHOR}. */
export const AUTHOR_CONFIG = [
  '-c',
  `user.name=${SCAFFOLDER_AUTHOR.name}`,
  '-c',
  `user.email=${SCAFFOLDER_AUTHOR.email}`,
];

/**
 * Runs git without a shell and returns its standard output.
 *
 * The backend's user and system git configuration are ignored (hooks,
 * signing, templates or a default branch there would change what gets
 * committed), and so are GIT_* variables of the backend's environment that
 * would point git at another repository.
 */
export async function git(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', args, {
      cwd,
      env: { ...isolatedEnvironment(), ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    const command = args.find(
      (a, i) => !a.startsWith('-') && args[i - 1] !== '-c',
    );
    throw new Error(
      `git ${command} failed in ${cwd}: ${stderr || (error as Error).message}`,
    );
  }
}

function isolatedEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('GIT_')) {
      env[key] = value;
    }
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_TERMINAL_PROMPT: '0',
  };
}
