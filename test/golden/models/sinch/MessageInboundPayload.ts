import type { MessageInboundPayloadMessage } from './MessageInboundPayloadMessage';

export interface MessageInboundPayload {
  /**
   * The app identifier
   */
  app_id?: string;
  /**
   * When the event was accepted
   */
  accepted_time?: string;
  /**
   * When the event occurred
   */
  event_time?: string;
  /**
   * The project identifier
   */
  project_id?: string;
  /**
   * The inbound message
   */
  message?: MessageInboundPayloadMessage;
  /**
   * Additional message metadata
   */
  message_metadata?: string;
}
