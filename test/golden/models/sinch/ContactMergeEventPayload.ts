import type { ContactMergeEventPayloadDeletedContact } from './ContactMergeEventPayloadDeletedContact';
import type { ContactMergeEventPayloadPreservedContact } from './ContactMergeEventPayloadPreservedContact';

export interface ContactMergeEventPayload {
  /**
   * The app identifier
   */
  app_id?: string;
  /**
   * The project identifier
   */
  project_id?: string;
  /**
   * The surviving contact after merge
   */
  preserved_contact?: ContactMergeEventPayloadPreservedContact;
  /**
   * The contact that was merged and deleted
   */
  deleted_contact?: ContactMergeEventPayloadDeletedContact;
}
