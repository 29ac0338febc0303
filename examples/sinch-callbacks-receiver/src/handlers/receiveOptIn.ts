import type { ReceiveOptInHandler } from '../generated/handlers';

/**
 * Receive OPT_IN: POST /webhooks.
 * The result of an opt-in request. Trigger `OPT_IN`; the payload has the top-level key `opt_in_notification`.
 */
const handler: ReceiveOptInHandler = async (payload, context) => {
  context.log.info('Received OPT_IN');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
