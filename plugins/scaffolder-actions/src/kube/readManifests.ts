import { InputError } from '@backstage/errors';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import yaml from 'yaml';
import { KubernetesObject } from './objects';

/** One object read from the workspace, with where it came from. */
export interface ManifestObject {
  /** `path/to/file.yaml#2`, for errors. */
  source: string;
  object: KubernetesObject;
}

const MANIFEST = /\.(ya?ml|json)$/i;

/** More than any service's manifests; bounds memory for a hostile workspace. */
const MAX_TOTAL_BYTES = 8 * 1024 * 1024;

/**
 * Reads every YAML/JSON document under `root` (a file or folder, walked in
 * name order), expanding `kind: List`. Errors name the file and document.
 */
export async function readManifests(
  root: string,
  displayRoot: string,
): Promise<ManifestObject[]> {
  const files = await listFiles(root, displayRoot);
  const objects: ManifestObject[] = [];
  let total = 0;
  for (const file of files) {
    const name = relative(displayRoot, file) || file;
    const text = await readFile(file, 'utf8');
    total += text.length;
    if (total > MAX_TOTAL_BYTES) {
      throw new InputError(
        `path: the manifests are larger than ${MAX_TOTAL_BYTES} bytes (at ${name})`,
      );
    }
    const docs = yaml.parseAllDocuments(text);
    for (const [index, doc] of docs.entries()) {
      const source = `${name}#${index + 1}`;
      if (doc.errors.length) {
        throw new InputError(
          `${source}: invalid YAML: ${doc.errors[0].message}`,
        );
      }
      const value = doc.toJS();
      if (value === null || value === undefined) continue;
      const items =
        value.kind === 'List' && Array.isArray(value.items)
          ? value.items
          : [value];
      for (const item of items) {
        objects.push({ source, object: checkObject(item, source) });
      }
    }
  }
  return objects;
}

/**
 * Walks the folder without following symbolic links: a link could make the
 * action read (and send to Karmada) files from outside the workspace.
 */
async function listFiles(path: string, displayRoot: string): Promise<string[]> {
  const info = await lstat(path).catch(() => undefined);
  const shown = relative(displayRoot, path) || '.';
  if (!info) {
    throw new InputError(`path: '${shown}' does not exist in the workspace`);
  }
  if (info.isSymbolicLink()) {
    throw new InputError(
      `path: '${shown}' is a symbolic link; manifests must be regular files in the workspace`,
    );
  }
  if (info.isFile()) return [path];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const files: string[] = [];
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await listFiles(child, displayRoot)));
    } else if (entry.isSymbolicLink()) {
      await listFiles(child, displayRoot); // refuses it, naming the link
    } else if (entry.isFile() && MANIFEST.test(entry.name)) {
      files.push(child);
    }
  }
  return files;
}

function checkObject(value: unknown, source: string): KubernetesObject {
  const object = value as Partial<KubernetesObject>;
  if (!object || typeof object !== 'object') {
    throw new InputError(`${source}: not a Kubernetes object`);
  }
  for (const field of ['apiVersion', 'kind'] as const) {
    if (typeof object[field] !== 'string' || !object[field]) {
      throw new InputError(`${source}: ${field} is missing`);
    }
  }
  if (typeof object.metadata?.name !== 'string' || !object.metadata.name) {
    throw new InputError(
      `${source}: metadata.name is missing (generateName cannot be applied)`,
    );
  }
  return object as KubernetesObject;
}
