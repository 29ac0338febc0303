export interface CapabilityEventPayload {
  /**
   * The app identifier
   */
  app_id?: string;
  /**
   * The project identifier
   */
  project_id?: string;
  /**
   * The capability query request ID
   */
  request_id?: string;
  /**
   * The contact identifier
   */
  contact_id?: string;
  /**
   * The channel queried
   */
  channel?: string;
  /**
   * The capability status result
   */
  capability_status?: string;
  /**
   * Reason if capability is unavailable
   */
  reason?: string;
}
