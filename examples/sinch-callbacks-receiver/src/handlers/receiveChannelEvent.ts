import type { ReceiveChannelEventHandler } from '../generated/handlers';

/**
 * Receive CHANNEL_EVENT: POST /webhooks.
 * A channel-specific event (for example a WhatsApp quality rating change). Trigger `CHANNEL_EVENT`; the payload has the top-level key `channel_event_notification`.
 */
const handler: ReceiveChannelEventHandler = async (payload, context) => {
  context.log.info('Received CHANNEL_EVENT');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
