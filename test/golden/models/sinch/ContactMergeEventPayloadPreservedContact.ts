/**
 * The surviving contact after merge
 */
export interface ContactMergeEventPayloadPreservedContact {
  /**
   * The contact identifier
   */
  id?: string;
}
