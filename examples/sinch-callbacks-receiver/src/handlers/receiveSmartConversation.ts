import type { ReceiveSmartConversationHandler } from '../generated/handlers';

/**
 * Receive SMART_CONVERSATION: POST /webhooks.
 * Smart Conversations analysed a message. Trigger `SMART_CONVERSATION`; the payload has the top-level key `smart_conversation_notification`.
 */
const handler: ReceiveSmartConversationHandler = async (payload, context) => {
  context.log.info('Received SMART_CONVERSATION');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
