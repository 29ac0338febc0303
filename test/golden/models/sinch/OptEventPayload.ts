import type { OptEventPayloadStatus } from './OptEventPayloadStatus';

export interface OptEventPayload {
  /**
   * The app identifier
   */
  app_id?: string;
  /**
   * The project identifier
   */
  project_id?: string;
  /**
   * The contact identifier
   */
  contact_id?: string;
  /**
   * The channel
   */
  channel?: string;
  /**
   * The channel identity
   */
  identity?: string;
  /**
   * The opt event status
   */
  status?: OptEventPayloadStatus;
  /**
   * The request identifier
   */
  request_id?: string;
}
