/**
 * The opt event status
 */
export type OptEventPayloadStatus =
  'OPT_IN_SUCCEEDED' | 'OPT_IN_FAILED' | 'OPT_OUT_SUCCEEDED' | 'OPT_OUT_FAILED';
