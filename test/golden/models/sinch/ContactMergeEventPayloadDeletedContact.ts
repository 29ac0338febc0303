/**
 * The contact that was merged and deleted
 */
export interface ContactMergeEventPayloadDeletedContact {
  /**
   * The contact identifier
   */
  id?: string;
}
