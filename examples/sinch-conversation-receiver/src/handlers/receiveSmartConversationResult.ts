import type { ReceiveSmartConversationResultHandler } from '../generated/handlers';

/**
 * Receive a smart conversation result: POST /conversation/smart-conversations.
 * Receives smart conversation analysis results including sentiment analysis and intent classification.
 */
const handler: ReceiveSmartConversationResultHandler = async (payload, context) => {
  context.log.info(
    {
      appId: payload.app_id,
      projectId: payload.project_id,
      messageId: payload.message_id,
      contactId: payload.contact_id,
      conversationId: payload.conversation_id,
    },
    'Received a smart conversation result',
  );
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
