import type { ReceiveMessageDeliveryHandler } from '../generated/handlers';

/**
 * Receive MESSAGE_DELIVERY: POST /webhooks.
 * The delivery status of a message sent to a contact changed. Trigger `MESSAGE_DELIVERY`; the payload has the top-level key `message_delivery_report`.
 */
const handler: ReceiveMessageDeliveryHandler = async (payload, context) => {
  context.log.info('Received MESSAGE_DELIVERY');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
