import { migrateScaffolded } from '../src/write/migrate';
import type { PackageJson } from './helpers/json';

const scaffold = JSON.stringify({
  dependencies: { fastify: '^5.12.8', 'secure-json-parse': '^4.1.1' },
  devDependencies: { hookwright: '0.1.0' },
  overrides: { cookie: '1.1.1' },
});

describe('package.json of an existing project', () => {
  test('gains the dependency the runtime now imports, and the engines override', () => {
    const before = `${JSON.stringify(
      { dependencies: { fastify: '^5.12.8' }, devDependencies: { hookwright: '0.1.0' } },
      null,
      2,
    )}\n`;
    const migrated = migrateScaffolded('package.json', before, scaffold);
    expect(migrated?.changes).toEqual([
      'dependencies.secure-json-parse: "^4.1.1" (the generated runtime imports it)',
      'overrides.cookie: "1.1.1" (keeps the dependencies within engines.node)',
    ]);
    const pkg = JSON.parse(migrated?.content ?? '{}') as PackageJson;
    expect(pkg.dependencies).toEqual({ fastify: '^5.12.8', 'secure-json-parse': '^4.1.1' });
    expect(pkg.overrides).toEqual({ cookie: '1.1.1' });
  });

  test('a version or override the user chose is theirs', () => {
    const mine = JSON.stringify({
      dependencies: { fastify: '^5.12.8', 'secure-json-parse': '4.0.0' },
      devDependencies: { hookwright: '0.1.0' },
      overrides: { cookie: '2.0.2' },
    });
    expect(migrateScaffolded('package.json', mine, scaffold)).toBeUndefined();
  });
});
