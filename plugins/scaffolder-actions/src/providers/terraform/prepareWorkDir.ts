import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** What every cluster module receives, in `terraform.tfvars.json`. */
export interface TerraformVariables {
  name: string;
  region: string;
  zones: string[];
  parameters: Record<string, string>;
}

export const VARIABLES_FILE = 'terraform.tfvars.json';

/** Who the cluster was created for, written once by its first run. */
const OWNER_FILE = '.multicluster-owner';

/** Terraform's own files, kept between runs: state, plugins, lock. */
const STATE = [
  '.terraform',
  'terraform.tfstate',
  'terraform.tfstate.backup',
  'terraform.tfstate.d',
  '.terraform.tfstate.lock.info',
  OWNER_FILE,
];

/**
 * Lays the template module out in a cluster's working folder: template
 * files are copied as they are (Terraform does its own templating), values
 * go to `terraform.tfvars.json`, and the state of earlier runs stays. Files
 * the template no longer has are removed. The folder is private to the
 * backend's user: the state holds the cluster's credentials.
 */
export async function prepareWorkDir(
  templateDir: string,
  dir: string,
  variables: TerraformVariables,
): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const entry of await readdir(dir)) {
    if (!STATE.includes(entry) && entry !== '.terraform.lock.hcl') {
      await rm(join(dir, entry), { recursive: true, force: true });
    }
  }
  await cp(templateDir, dir, {
    recursive: true,
    // State left in the template folder (a local `terraform apply`) is not
    // the cluster's.
    filter: source =>
      source === templateDir || !STATE.includes(basename(source)),
  });
  await writeFile(
    join(dir, VARIABLES_FILE),
    `${JSON.stringify(variables, null, 2)}\n`,
    { mode: 0o600 },
  );
}

/** Records the owner of a new cluster folder. */
export async function writeOwner(dir: string, owner: string): Promise<void> {
  await writeFile(join(dir, OWNER_FILE), `${owner}\n`, { mode: 0o600 });
}

/** The owner recorded in a cluster folder, if any. */
export async function readOwner(dir: string): Promise<string | undefined> {
  const text = await readFile(join(dir, OWNER_FILE), 'utf8').catch(
    () => undefined,
  );
  return text?.trim() || undefined;
}
