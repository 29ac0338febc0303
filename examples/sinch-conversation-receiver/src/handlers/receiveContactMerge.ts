import type { ReceiveContactMergeHandler } from '../generated/handlers';

/**
 * Receive a contact merge event: POST /conversation/contact-merge.
 * Receives notifications when two contacts are merged.
 */
const handler: ReceiveContactMergeHandler = async (payload, context) => {
  context.log.info(
    {
      appId: payload.app_id,
      projectId: payload.project_id,
      preservedContactId: payload.preserved_contact?.id,
      deletedContactId: payload.deleted_contact?.id,
    },
    'Received a contact merge event',
  );
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
