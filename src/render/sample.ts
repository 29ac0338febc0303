/** Moved: samples are in `./samples/`, schema resolution in `src/schema/`. Kept for branches that still import it. */
export { sampleFor, patternStrings, conforms, MAX_DEPTH, OPTIONAL_DEPTH } from './samples';
export { resolveSchema, refKey } from '../schema';
