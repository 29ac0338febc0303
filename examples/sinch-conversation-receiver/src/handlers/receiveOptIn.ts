import type { ReceiveOptInHandler } from '../generated/handlers';

/**
 * Receive an opt-in event: POST /conversation/opt-in.
 * Receives opt-in events when contacts opt in to messaging.
 */
const handler: ReceiveOptInHandler = async (payload, context) => {
  context.log.info(
    {
      appId: payload.app_id,
      projectId: payload.project_id,
      contactId: payload.contact_id,
      payloadRequestId: payload.request_id,
    },
    'Received an opt-in event',
  );
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
