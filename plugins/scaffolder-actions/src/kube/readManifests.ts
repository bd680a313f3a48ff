import { InputError } from '@backstage/errors';
import { readdir, readFile, stat } from 'node:fs/promises';
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

/**
 * Reads every YAML/JSON document under `root` (a file or folder, walked in
 * name order), expanding `kind: List`. Errors name the file and document.
 */
export async function readManifests(
  root: string,
  displayRoot: string,
): Promise<ManifestObject[]> {
  const files = await listFiles(root);
  const objects: ManifestObject[] = [];
  for (const file of files) {
    const name = relative(displayRoot, file) || file;
    const docs = yaml.parseAllDocuments(await readFile(file, 'utf8'));
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

async function listFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    throw new InputError(`path: '${path}' does not exist in the workspace`);
  }
  if (info.isFile()) return [path];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const files: string[] = [];
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(child)));
    else if (MANIFEST.test(entry.name)) files.push(child);
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
