import type { ReceiveInboundMessageHandler } from '../generated/handlers';

/**
 * Receive an inbound message: POST /conversation/message-inbound.
 * Triggered when an end user sends a message on any connected channel. The message is normalized to the Conversation API format.
 */
const handler: ReceiveInboundMessageHandler = async (payload, context) => {
  context.log.info(
    {
      appId: payload.app_id,
      projectId: payload.project_id,
      messageId: payload.message?.id,
      messageConversationId: payload.message?.conversation_id,
      messageContactId: payload.message?.contact_id,
    },
    'Received an inbound message',
  );
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
