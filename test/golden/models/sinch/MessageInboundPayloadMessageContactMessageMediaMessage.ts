export interface MessageInboundPayloadMessageContactMessageMediaMessage {
  /**
   * Media URL
   */
  url?: string;
}
