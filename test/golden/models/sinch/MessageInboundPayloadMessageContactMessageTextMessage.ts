export interface MessageInboundPayloadMessageContactMessageTextMessage {
  /**
   * The message text
   */
  text?: string;
}
