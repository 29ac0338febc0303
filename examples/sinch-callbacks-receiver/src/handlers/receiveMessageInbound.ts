import type { ReceiveMessageInboundHandler } from '../generated/handlers';

/**
 * Receive MESSAGE_INBOUND: POST /webhooks.
 * An end user sent a message. Trigger `MESSAGE_INBOUND`; the payload has the top-level key `message`.
 */
const handler: ReceiveMessageInboundHandler = async (payload, context) => {
  context.log.info('Received MESSAGE_INBOUND');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
