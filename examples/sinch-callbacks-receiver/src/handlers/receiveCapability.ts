import type { ReceiveCapabilityHandler } from '../generated/handlers';

/**
 * Receive CAPABILITY: POST /webhooks.
 * The result of a capability lookup. Trigger `CAPABILITY`; the payload has the top-level key `capability_notification`.
 */
const handler: ReceiveCapabilityHandler = async (payload, context) => {
  context.log.info('Received CAPABILITY');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
