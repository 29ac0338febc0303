import type { ReceiveContactCreateHandler } from '../generated/handlers';

/**
 * Receive a contact creation event: POST /conversation/contact-create.
 * Receives notifications when a new contact is created.
 */
const handler: ReceiveContactCreateHandler = async (payload, context) => {
  context.log.info(
    {
      appId: payload.app_id,
      projectId: payload.project_id,
      contactId: payload.contact?.id,
    },
    'Received a contact creation event',
  );
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
