import type { ReceiveEventInboundHandler } from '../generated/handlers';

/**
 * Receive EVENT_INBOUND: POST /webhooks.
 * An end user generated an event (composing, read, ...). Trigger `EVENT_INBOUND`; the payload has the top-level key `event`.
 */
const handler: ReceiveEventInboundHandler = async (payload, context) => {
  context.log.info('Received EVENT_INBOUND');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
