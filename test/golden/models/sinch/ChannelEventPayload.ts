export interface ChannelEventPayload {
  /**
   * The app identifier
   */
  app_id?: string;
  /**
   * The project identifier
   */
  project_id?: string;
  /**
   * The channel type
   */
  channel?: string;
  /**
   * The channel-specific event type
   */
  event_type?: string;
  /**
   * Channel-specific event data
   */
  additional_data?: Record<string, unknown>;
}
