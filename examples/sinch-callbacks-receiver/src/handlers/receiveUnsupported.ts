import type { ReceiveUnsupportedHandler } from '../generated/handlers';

/**
 * Receive UNSUPPORTED: POST /webhooks.
 * A channel callback the Conversation API does not support, passed through as it is. Trigger `UNSUPPORTED`; the payload has the top-level key `unsupported_callback`.
 */
const handler: ReceiveUnsupportedHandler = async (payload, context) => {
  context.log.info('Received UNSUPPORTED');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
