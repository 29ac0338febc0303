/**
 * The channel identity
 */
export interface MessageDeliveryPayloadMessageDeliveryReportChannelIdentity {
  /**
   * The channel type
   */
  channel?: string;
  /**
   * The channel identity
   */
  identity?: string;
}
