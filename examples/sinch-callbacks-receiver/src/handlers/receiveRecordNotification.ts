import type { ReceiveRecordNotificationHandler } from '../generated/handlers';

/**
 * Receive RECORD_NOTIFICATION: POST /webhooks.
 * An event or message was recorded (or not) by the processing pipeline. Trigger `RECORD_NOTIFICATION`; the payload has the top-level key `record_notification`.
 */
const handler: ReceiveRecordNotificationHandler = async (payload, context) => {
  context.log.info('Received RECORD_NOTIFICATION');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
