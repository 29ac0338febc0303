import type { MessageDeliveryPayloadMessageDeliveryReport } from './MessageDeliveryPayloadMessageDeliveryReport';

export interface MessageDeliveryPayload {
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
   * The delivery report
   */
  message_delivery_report?: MessageDeliveryPayloadMessageDeliveryReport;
}
