import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError, isError, NotImplementedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { examples } from './catalogRegisterFile.examples';
import { isInside, readRepositoriesDirectory } from './config';

type Result = 'created' | 'unchanged' | 'skipped';

type Registration = { result: Result; entityRef?: string };

/** Enough of an entity to name it; the catalog's entities fit. */
type NamedEntity = {
  kind: string;
  metadata: { name: string; namespace?: string };
};

/**
 * `catalog:register:file`: registers a catalog-info.yaml from one of the
 * repositories `publish:local` made as a `file` location, the demo's
 * counterpart of `catalog:register` with a URL. Only files inside
 * `localRepositories.directory` are accepted, so a template cannot make the
 * catalog read arbitrary files of the backend host.
 */
export function createCatalogRegisterFileAction(options: {
  config: Config;
  catalog: CatalogService;
}) {
  const { config, catalog } = options;
  return createTemplateAction({
    id: 'catalog:register:file',
    description:
      'Registers a catalog-info.yaml inside localRepositories.directory in the catalog as a file location',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        catalogInfoPath: z =>
          z
            .string()
            .describe(
              'Absolute path of the file, inside localRepositories.directory; e.g. the catalogInfoPath output of publish:local',
            ),
        optional: z =>
          z
            .boolean()
            .optional()
            .describe(
              'When true, a missing file or a registration the catalog refuses is logged and the step succeeds with result skipped; default: false',
            ),
      },
      output: {
        result: z =>
          z
            .enum(['created', 'unchanged', 'skipped'])
            .describe(
              'created; unchanged when the location was already registered; skipped when optional and not registered',
            ),
        entityRef: z =>
          z
            .string()
            .optional()
            .describe(
              'The first entity the file yields, e.g. component:default/payments, when the catalog could tell',
            ),
        locationRef: z =>
          z.string().describe('The location, file:<catalogInfoPath>'),
      },
    },
    async handler(ctx) {
      const directory = readRepositoriesDirectory(config);
      const target = checkCatalogInfoPath(directory, ctx.input.catalogInfoPath);
      const locationRef = `file:${target}`;
      let registration: Registration;
      try {
        registration = await register({
          catalog,
          directory,
          target,
          credentials: await ctx.getInitiatorCredentials(),
          dryRun: ctx.isDryRun ?? false,
        });
      } catch (error) {
        if (!ctx.input.optional) {
          throw error;
        }
        ctx.logger.warn(
          `Did not register ${locationRef} (optional): ${
            isError(error) ? error.message : String(error)
          }`,
        );
        registration = { result: 'skipped' };
      }
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: ' : ''}${locationRef}: ${
          registration.result
        }${registration.entityRef ? `, ${registration.entityRef}` : ''}`,
      );
      ctx.output('result', registration.result);
      if (registration.entityRef) {
        ctx.output('entityRef', registration.entityRef);
      }
      ctx.output('locationRef', locationRef);
    },
  });
}

/** The normalized absolute path; refuses paths outside `directory`. */
function checkCatalogInfoPath(directory: string, catalogInfoPath: string) {
  if (!path.isAbsolute(catalogInfoPath)) {
    throw new InputError(
      `catalogInfoPath: '${catalogInfoPath}' is not an absolute path`,
    );
  }
  const target = path.resolve(catalogInfoPath);
  if (target === directory || !isInside(directory, target)) {
    throw new InputError(
      `catalogInfoPath: '${catalogInfoPath}' lies outside localRepositories.directory (${directory})`,
    );
  }
  return target;
}

async function register(options: {
  catalog: CatalogService;
  directory: string;
  target: string;
  credentials: BackstageCredentials;
  dryRun: boolean;
}): Promise<Registration> {
  const { catalog, directory, target, credentials, dryRun } = options;
  const realTarget = await fs.realpath(target).catch(() => undefined);
  if (!realTarget) {
    if (dryRun) {
      // A dry run of publish:local writes nothing, so the file is missing.
      return { result: 'created' };
    }
    throw new InputError(`catalogInfoPath: there is no file ${target}`);
  }
  // The lexical check passed; a symlink must not lead out either.
  if (!isInside(await fs.realpath(directory), realTarget)) {
    throw new InputError(
      `catalogInfoPath: ${target} links to ${realTarget}, outside localRepositories.directory`,
    );
  }

  // The catalog's dry run reads and validates the file before anything is
  // registered, and names the entities it yields.
  const preview = await catalog
    .addLocation({ type: 'file', target, dryRun: true }, { credentials })
    .catch(error => {
      if (isError(error) && error.name === NotImplementedError.name) {
        return undefined;
      }
      throw error;
    });
  const entityRef = preview && firstEntityRef(preview.entities);
  if (dryRun) {
    return { result: preview?.exists ? 'unchanged' : 'created', entityRef };
  }

  try {
    await catalog.addLocation({ type: 'file', target }, { credentials });
    return { result: 'created', entityRef };
  } catch (error) {
    if (!isConflict(error)) {
      throw error;
    }
    const existing = await catalog.getLocationByRef(`file:${target}`, {
      credentials,
    });
    if (!existing) {
      throw error;
    }
    return { result: 'unchanged', entityRef };
  }
}

/** A 409 from the catalog's API, or a ConflictError thrown in-process. */
function isConflict(error: unknown): boolean {
  return (
    isError(error) &&
    (error.name === 'ConflictError' ||
      (error as { statusCode?: unknown }).statusCode === 409)
  );
}

/** The first entity other than the Location itself, as an entity ref. */
function firstEntityRef(entities: NamedEntity[]): string | undefined {
  const entity = entities.find(e => e.kind !== 'Location');
  if (!entity) {
    return undefined;
  }
  const { kind, metadata } = entity;
  return `${kind}:${metadata.namespace ?? 'default'}/${
    metadata.name
  }`.toLocaleLowerCase('en-US');
}
