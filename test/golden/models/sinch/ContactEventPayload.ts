import type { ContactEventPayloadContact } from './ContactEventPayloadContact';

export interface ContactEventPayload {
  /**
   * The app identifier
   */
  app_id?: string;
  /**
   * When the event was accepted
   */
  accepted_time?: string;
  /**
   * The project identifier
   */
  project_id?: string;
  /**
   * The contact object
   */
  contact?: ContactEventPayloadContact;
}
