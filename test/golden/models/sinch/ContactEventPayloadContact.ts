import type { ContactEventPayloadContactChannelIdentitiesItem } from './ContactEventPayloadContactChannelIdentitiesItem';

/**
 * The contact object
 */
export interface ContactEventPayloadContact {
  /**
   * The contact identifier
   */
  id?: string;
  /**
   * The contact display name
   */
  display_name?: string;
  /**
   * Channel identities
   */
  channel_identities?: ContactEventPayloadContactChannelIdentitiesItem[];
}
