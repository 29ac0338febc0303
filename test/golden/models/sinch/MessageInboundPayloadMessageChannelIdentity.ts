/**
 * The channel identity
 */
export interface MessageInboundPayloadMessageChannelIdentity {
  /**
   * The channel type
   */
  channel?: string;
  /**
   * The channel-specific identity
   */
  identity?: string;
  /**
   * The app ID
   */
  app_id?: string;
}
