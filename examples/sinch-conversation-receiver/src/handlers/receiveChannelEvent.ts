import type { ReceiveChannelEventHandler } from '../generated/handlers';

/**
 * Receive a channel event: POST /conversation/channel-event.
 * Receives channel-specific events that do not map to the standard Conversation API event model.
 */
const handler: ReceiveChannelEventHandler = async (payload, context) => {
  context.log.info(
    {
      appId: payload.app_id,
      projectId: payload.project_id,
    },
    'Received a channel event',
  );
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
