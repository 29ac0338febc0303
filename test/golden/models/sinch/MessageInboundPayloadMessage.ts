import type { MessageInboundPayloadMessageChannelIdentity } from './MessageInboundPayloadMessageChannelIdentity';
import type { MessageInboundPayloadMessageContactMessage } from './MessageInboundPayloadMessageContactMessage';

/**
 * The inbound message
 */
export interface MessageInboundPayloadMessage {
  /**
   * The message identifier
   */
  id?: string;
  /**
   * The message direction
   */
  direction?: string;
  /**
   * The contact message content
   */
  contact_message?: MessageInboundPayloadMessageContactMessage;
  /**
   * The channel identity
   */
  channel_identity?: MessageInboundPayloadMessageChannelIdentity;
  /**
   * The conversation identifier
   */
  conversation_id?: string;
  /**
   * The contact identifier
   */
  contact_id?: string;
  /**
   * Message metadata
   */
  metadata?: string;
  /**
   * When the message was accepted
   */
  accept_time?: string;
}
