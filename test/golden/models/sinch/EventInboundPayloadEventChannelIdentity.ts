/**
 * The channel identity
 */
export interface EventInboundPayloadEventChannelIdentity {
  /**
   * The channel type
   */
  channel?: string;
  /**
   * The channel identity
   */
  identity?: string;
}
