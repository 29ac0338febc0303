/**
 * The conversation
 */
export interface ConversationEventPayloadConversation {
  /**
   * The conversation identifier
   */
  id?: string;
  /**
   * The app identifier
   */
  app_id?: string;
  /**
   * The contact identifier
   */
  contact_id?: string;
  /**
   * Whether the conversation is active
   */
  active?: boolean;
}
