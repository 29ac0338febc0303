import type { ReceiveConversationStartHandler } from '../generated/handlers';

/**
 * Receive a conversation start event: POST /conversation/conversation-start.
 * Receives notifications when a new conversation is started.
 */
const handler: ReceiveConversationStartHandler = async (payload, context) => {
  context.log.info(
    {
      appId: payload.app_id,
      projectId: payload.project_id,
      conversationId: payload.conversation?.id,
      conversationAppId: payload.conversation?.app_id,
      conversationContactId: payload.conversation?.contact_id,
    },
    'Received a conversation start event',
  );
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
