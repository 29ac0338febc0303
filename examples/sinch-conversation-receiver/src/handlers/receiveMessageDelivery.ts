import type { ReceiveMessageDeliveryHandler } from '../generated/handlers';

/**
 * Receive a message delivery receipt: POST /conversation/message-delivery.
 * Triggered when the delivery status of a sent message changes, indicating delivery success or failure on the channel.
 */
const handler: ReceiveMessageDeliveryHandler = async (payload, context) => {
  context.log.info(
    {
      appId: payload.app_id,
      projectId: payload.project_id,
      messageDeliveryReportMessageId: payload.message_delivery_report?.message_id,
      messageDeliveryReportConversationId: payload.message_delivery_report?.conversation_id,
      messageDeliveryReportContactId: payload.message_delivery_report?.contact_id,
    },
    'Received a message delivery receipt',
  );
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
