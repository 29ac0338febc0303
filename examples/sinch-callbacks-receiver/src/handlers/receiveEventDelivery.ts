import type { ReceiveEventDeliveryHandler } from '../generated/handlers';

/**
 * Receive EVENT_DELIVERY: POST /webhooks.
 * The delivery status of an event sent to a contact changed. Trigger `EVENT_DELIVERY`; the payload has the top-level key `event_delivery_report`.
 */
const handler: ReceiveEventDeliveryHandler = async (payload, context) => {
  context.log.info('Received EVENT_DELIVERY');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
