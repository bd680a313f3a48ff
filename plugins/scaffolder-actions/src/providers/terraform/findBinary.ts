import { InputError } from '@backstage/errors';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/**
 * Finds the Terraform CLI: `configured` (a path, or a name looked up on
 * PATH), else `terraform` on PATH, else `tofu` (OpenTofu). `pathVariable` is
 * the PATH the commands will run with. Errors name `at`.
 */
export async function findBinary(
  configured: string | undefined,
  pathVariable: string | undefined,
  at: string,
): Promise<string> {
  if (configured && (isAbsolute(configured) || configured.includes('/'))) {
    const path = resolve(configured);
    if (await isExecutable(path)) return path;
    throw new InputError(`${at}: '${path}' is not an executable file`);
  }
  const names = configured ? [configured] : ['terraform', 'tofu'];
  const dirs = (pathVariable ?? '').split(delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (await isExecutable(path)) return path;
    }
  }
  throw new InputError(
    `${at}: ${
      configured ? `'${configured}' is not` : 'neither terraform nor tofu is'
    } on PATH; install it or set ${at} to its path`,
  );
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
