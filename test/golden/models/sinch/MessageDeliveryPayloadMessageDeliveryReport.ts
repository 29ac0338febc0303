import type { MessageDeliveryPayloadMessageDeliveryReportChannelIdentity } from './MessageDeliveryPayloadMessageDeliveryReportChannelIdentity';
import type { MessageDeliveryPayloadMessageDeliveryReportStatus } from './MessageDeliveryPayloadMessageDeliveryReportStatus';

/**
 * The delivery report
 */
export interface MessageDeliveryPayloadMessageDeliveryReport {
  /**
   * The message identifier
   */
  message_id?: string;
  /**
   * The conversation identifier
   */
  conversation_id?: string;
  /**
   * The delivery status
   */
  status?: MessageDeliveryPayloadMessageDeliveryReportStatus;
  /**
   * The channel identity
   */
  channel_identity?: MessageDeliveryPayloadMessageDeliveryReportChannelIdentity;
  /**
   * The contact identifier
   */
  contact_id?: string;
  /**
   * Reason for failure if applicable
   */
  reason?: string;
  /**
   * Delivery metadata
   */
  metadata?: string;
}
