import type { ReceiveContactCreateHandler } from '../generated/handlers';

/**
 * Receive CONTACT_CREATE: POST /webhooks.
 * A contact was created. Trigger `CONTACT_CREATE`; the payload has the top-level key `contact_create_notification`.
 */
const handler: ReceiveContactCreateHandler = async (payload, context) => {
  context.log.info('Received CONTACT_CREATE');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
