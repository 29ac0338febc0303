import type { ReceiveConversationDeleteHandler } from '../generated/handlers';

/**
 * Receive CONVERSATION_DELETE: POST /webhooks.
 * A conversation was deleted. Trigger `CONVERSATION_DELETE`; the payload has the top-level key `conversation_delete_notification`.
 */
const handler: ReceiveConversationDeleteHandler = async (payload, context) => {
  context.log.info('Received CONVERSATION_DELETE');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
