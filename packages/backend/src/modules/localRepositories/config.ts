import { Config } from '@backstage/config';
import path from 'node:path';

/** The config key naming the folder that holds the local repositories. */
export const DIRECTORY_CONFIG_KEY = 'localRepositories.directory';

/**
 * Reads `localRepositories.directory` as an absolute path. A relative value
 * is resolved with plain `path.resolve`, i.e. against the backend's working
 * directory (packages/backend under `yarn start`), like the SQLite folder in
 * `backend.database.connection.directory`.
 *
 * Read on every action run rather than at startup, so the backend starts
 * without it and only the actions that need it fail.
 */
export function readRepositoriesDirectory(config: Config): string {
  const directory = config.getOptionalString(DIRECTORY_CONFIG_KEY);
  if (!directory) {
    throw new Error(
      `${DIRECTORY_CONFIG_KEY} is not configured: set it to the folder where the scaffolder keeps local git repositories`,
    );
  }
  return path.resolve(directory);
}

/** Whether `child` is `parent` itself or lies below it (lexically). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (!relative.startsWith(`..${path.sep}`) &&
      relative !== '..' &&
      !path.isAbsolute(relative))
  );
}
