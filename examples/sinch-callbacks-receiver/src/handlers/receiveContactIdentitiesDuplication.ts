import type { ReceiveContactIdentitiesDuplicationHandler } from '../generated/handlers';

/**
 * Receive CONTACT_IDENTITIES_DUPLICATION: POST /webhooks.
 * Channel identities were found on more than one contact. Trigger `CONTACT_IDENTITIES_DUPLICATION`; the payload has the top-level key `duplicated_contact_identities_notification`.
 */
const handler: ReceiveContactIdentitiesDuplicationHandler = async (payload, context) => {
  context.log.info('Received CONTACT_IDENTITIES_DUPLICATION');
  // TODO: act on the event. Providers deliver at least once and retry failed callbacks,
  // so make this idempotent (for example, skip ids you have already processed). Resolve
  // once the event is safely handled (the receiver then answers 2xx); throw to answer
  // 500 and have the provider retry.
};

export default handler;
