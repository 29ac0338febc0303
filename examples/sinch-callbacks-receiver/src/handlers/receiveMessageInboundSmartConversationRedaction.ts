import type { ReceiveMessageInboundSmartConversationRedactionHandler } from '../generated/handlers';

/**
 * Receive MESSAGE_INBOUND_SMART_CONVERSATION_REDACTION: POST /webhooks.
 * An inbound message, with what Smart Conversations redacted. Trigger `MESSAGE_INBOUND_SMART_CONVERSATION_REDACTION`; the payload has the top-level key `message_redaction`.
 */
const handler: ReceiveMessageInboundSmartConversationRedactionHandler = async (
  payload,
  context,
) => {
  context.log.info('Received MESSAGE_INBOUND_SMART_CONVERSATION_REDACTION');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
