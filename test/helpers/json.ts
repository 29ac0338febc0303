/** JSON files the tests read, typed as far as the tests look into them. */
import type { Manifest } from '../../src/write/manifest';

/** The parts of a package.json (hookwright's or a generated project's) that tests read. */
export interface PackageJson {
  name: string;
  version: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  [field: string]: unknown;
}

export const parsePackageJson = (text: string): PackageJson => JSON.parse(text) as PackageJson;

export const parseManifest = (text: string): Manifest => JSON.parse(text) as Manifest;
