/** hookwright's own version, from its package.json (two levels above `src/pipeline/` and `dist/pipeline/`). */
export const VERSION: string = (require('../../package.json') as { version: string }).version;
