import type { ReceiveInboundEventHandler } from '../generated/handlers';

/**
 * Receive an inbound event: POST /conversation/event-inbound.
 * Triggered when an end user generates an event on a channel, such as starting to type or reading a message.
 */
const handler: ReceiveInboundEventHandler = async (payload, context) => {
  context.log.info(
    {
      appId: payload.app_id,
      projectId: payload.project_id,
      eventContactId: payload.event?.contact_id,
    },
    'Received an inbound event',
  );
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
