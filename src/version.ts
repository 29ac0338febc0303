/** hookwright's own version, from its package.json (one level above `src/` and `dist/`). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VERSION: string = (require('../package.json') as { version: string }).version;
