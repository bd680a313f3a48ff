/**
 * Local git repositories as the demo's stand-in for a git host: the
 * scaffolder publishes generated services into `localRepositories.directory`
 * and registers them in the catalog as `file` locations.
 */
export { catalogModuleLocalRepositories } from './catalogModule';
export { scaffolderModuleLocalRepositories } from './scaffolderModule';
