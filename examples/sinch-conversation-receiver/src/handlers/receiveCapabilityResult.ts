import type { ReceiveCapabilityResultHandler } from '../generated/handlers';

/**
 * Receive a capability lookup result: POST /conversation/capability.
 * Receives capability lookup results for contacts.
 */
const handler: ReceiveCapabilityResultHandler = async (payload, context) => {
  context.log.info(
    {
      appId: payload.app_id,
      projectId: payload.project_id,
      payloadRequestId: payload.request_id,
      contactId: payload.contact_id,
    },
    'Received a capability lookup result',
  );
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
