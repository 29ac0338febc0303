import type { ReceiveOptOutHandler } from '../generated/handlers';

/**
 * Receive OPT_OUT: POST /webhooks.
 * The result of an opt-out request. Trigger `OPT_OUT`; the payload has the top-level key `opt_out_notification`.
 */
const handler: ReceiveOptOutHandler = async (payload, context) => {
  context.log.info('Received OPT_OUT');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
