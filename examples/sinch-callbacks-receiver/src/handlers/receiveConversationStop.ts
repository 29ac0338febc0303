import type { ReceiveConversationStopHandler } from '../generated/handlers';

/**
 * Receive CONVERSATION_STOP: POST /webhooks.
 * A conversation stopped. Trigger `CONVERSATION_STOP`; the payload has the top-level key `conversation_stop_notification`.
 */
const handler: ReceiveConversationStopHandler = async (payload, context) => {
  context.log.info('Received CONVERSATION_STOP');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
