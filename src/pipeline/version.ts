/** hookwright's own version, from its package.json (two levels above `src/pipeline/` and `dist/pipeline/`). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VERSION: string = (require('../../package.json') as { version: string }).version;
