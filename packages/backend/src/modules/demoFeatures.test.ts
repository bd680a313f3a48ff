import { ConfigReader } from '@backstage/config';
import authModuleGuestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import { authModuleDemoUsers } from './demoUsers';
import { selectDemoFeatures } from './demoFeatures';
import {
  catalogModuleLocalRepositories,
  scaffolderModuleLocalRepositories,
} from './localRepositories';

const select = (data: object) => selectDemoFeatures(new ConfigReader(data));

describe('selectDemoFeatures', () => {
  it('loads nothing unless demo.enabled (the production config)', () => {
    expect(select({ permission: { enabled: true } })).toEqual([]);
    expect(
      select({ demo: { enabled: false }, permission: { enabled: true } }),
    ).toEqual([]);
  });

  it('loads guest, demo users and local repositories in the demo', () => {
    const features = select({
      demo: { enabled: true },
      permission: { enabled: true },
    });
    expect(features).toEqual([
      authModuleGuestProvider,
      authModuleDemoUsers,
      catalogModuleLocalRepositories,
      scaffolderModuleLocalRepositories,
    ]);
  });

  it('refuses the demo sign-in with permissions off', () => {
    for (const permission of [{ enabled: false }, undefined]) {
      expect(() => select({ demo: { enabled: true }, permission })).toThrow(
        /^demo\.enabled: the demo sign-in needs permission\.enabled: true/,
      );
    }
  });
});
