import type { MessageInboundPayloadMessageContactMessageMediaMessage } from './MessageInboundPayloadMessageContactMessageMediaMessage';
import type { MessageInboundPayloadMessageContactMessageTextMessage } from './MessageInboundPayloadMessageContactMessageTextMessage';

/**
 * The contact message content
 */
export interface MessageInboundPayloadMessageContactMessage {
  text_message?: MessageInboundPayloadMessageContactMessageTextMessage;
  media_message?: MessageInboundPayloadMessageContactMessageMediaMessage;
}
