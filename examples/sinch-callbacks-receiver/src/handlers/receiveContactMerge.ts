import type { ReceiveContactMergeHandler } from '../generated/handlers';

/**
 * Receive CONTACT_MERGE: POST /webhooks.
 * Two contacts were merged. Trigger `CONTACT_MERGE`; the payload has the top-level key `contact_merge_notification`.
 */
const handler: ReceiveContactMergeHandler = async (payload, context) => {
  context.log.info('Received CONTACT_MERGE');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
