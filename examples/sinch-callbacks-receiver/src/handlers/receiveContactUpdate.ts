import type { ReceiveContactUpdateHandler } from '../generated/handlers';

/**
 * Receive CONTACT_UPDATE: POST /webhooks.
 * A contact was updated. Trigger `CONTACT_UPDATE`; the payload has the top-level key `contact_update_notification`.
 */
const handler: ReceiveContactUpdateHandler = async (payload, context) => {
  context.log.info('Received CONTACT_UPDATE');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
