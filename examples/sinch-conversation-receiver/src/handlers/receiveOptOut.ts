import type { ReceiveOptOutHandler } from '../generated/handlers';

/**
 * Receive an opt-out event: POST /conversation/opt-out.
 * Receives opt-out events when contacts opt out of messaging.
 */
const handler: ReceiveOptOutHandler = async (payload, context) => {
  context.log.info(
    {
      appId: payload.app_id,
      projectId: payload.project_id,
      contactId: payload.contact_id,
      payloadRequestId: payload.request_id,
    },
    'Received an opt-out event',
  );
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
