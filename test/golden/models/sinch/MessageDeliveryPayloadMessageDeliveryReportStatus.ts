/**
 * The delivery status
 */
export type MessageDeliveryPayloadMessageDeliveryReportStatus =
  'QUEUED_ON_CHANNEL' | 'DELIVERED' | 'READ' | 'FAILED' | 'SWITCHING_CHANNEL';
