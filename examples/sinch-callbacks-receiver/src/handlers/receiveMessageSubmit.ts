import type { ReceiveMessageSubmitHandler } from '../generated/handlers';

/**
 * Receive MESSAGE_SUBMIT: POST /webhooks.
 * A message was submitted to the channel. Trigger `MESSAGE_SUBMIT`; the payload has the top-level key `message_submit_notification`.
 */
const handler: ReceiveMessageSubmitHandler = async (payload, context) => {
  context.log.info('Received MESSAGE_SUBMIT');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
