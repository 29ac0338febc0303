import type { ReceiveContactDeleteHandler } from '../generated/handlers';

/**
 * Receive a contact deletion event: POST /conversation/contact-delete.
 * Receives notifications when a contact is deleted.
 */
const handler: ReceiveContactDeleteHandler = async (payload, context) => {
  context.log.info(
    {
      appId: payload.app_id,
      projectId: payload.project_id,
      contactId: payload.contact?.id,
    },
    'Received a contact deletion event',
  );
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
