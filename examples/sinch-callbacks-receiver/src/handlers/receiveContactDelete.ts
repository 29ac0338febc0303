import type { ReceiveContactDeleteHandler } from '../generated/handlers';

/**
 * Receive CONTACT_DELETE: POST /webhooks.
 * A contact was deleted. Trigger `CONTACT_DELETE`; the payload has the top-level key `contact_delete_notification`.
 */
const handler: ReceiveContactDeleteHandler = async (payload, context) => {
  context.log.info('Received CONTACT_DELETE');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
