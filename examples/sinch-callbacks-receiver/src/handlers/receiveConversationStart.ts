import type { ReceiveConversationStartHandler } from '../generated/handlers';

/**
 * Receive CONVERSATION_START: POST /webhooks.
 * A conversation started. Trigger `CONVERSATION_START`; the payload has the top-level key `conversation_start_notification`.
 */
const handler: ReceiveConversationStartHandler = async (payload, context) => {
  context.log.info('Received CONVERSATION_START');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
