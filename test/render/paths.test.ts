import { routePath } from '../../src/render/operations';
import { dotSegmentWarning, removeDotSegments } from '../../src/render/paths';
import { MAX_MODEL_NAME, shortenedName } from '../../src/models/split';

describe('dot segments in channel addresses', () => {
  test.each([
    ['/a/b', '/a/b'],
    ['/a/./b', '/a/b'],
    ['/a/b/../c', '/a/c'],
    ['/a/b/..', '/a/'],
    ['/a/b/.', '/a/b/'],
    ['/../../x', '/x'],
    ['/a/%2e%2E/b', '/b'],
    ['/a/.%2e/b/%2E', '/b/'],
    ['/a/..b/c.', '/a/..b/c.'],
    ['/{tenant}/../{id}', '/{id}'],
  ])('%s → %s', (address, path) => {
    expect(removeDotSegments(address)).toBe(path);
  });
  test('routes are registered without them, with a warning only when something was removed', () => {
    expect(routePath('/hooks/v1/../{tenant}/./in')).toBe('/hooks/:tenant/in');
    expect(dotSegmentWarning('/hooks/in', '/hooks/in')).toBeUndefined();
    expect(dotSegmentWarning('hooks/../in', '/in')).toMatch(/served at \/in$/);
  });
});

describe('nested model names', () => {
  test('short names are kept; long ones keep their first and last words', () => {
    expect(shortenedName('PayloadChild')).toBe('PayloadChild');
    const long = `DeepPayload${'Child'.repeat(40)}Leaf`;
    const short = shortenedName(long);
    expect(short.length).toBeLessThanOrEqual(MAX_MODEL_NAME);
    expect(short.startsWith('DeepPayloadChild')).toBe(true);
    expect(short.endsWith('ChildLeaf')).toBe(true);
    expect(short).toMatch(/^(?:[A-Z][a-z]+)+$/); // whole words only
    // One word longer than the limit is cut inside it.
    expect(shortenedName(`A${'b'.repeat(100)}`).length).toBe(MAX_MODEL_NAME);
  });
});
