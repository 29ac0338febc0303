import type { ConversationEventPayloadConversation } from './ConversationEventPayloadConversation';

export interface ConversationEventPayload {
  /**
   * The app identifier
   */
  app_id?: string;
  /**
   * The project identifier
   */
  project_id?: string;
  /**
   * The conversation
   */
  conversation?: ConversationEventPayloadConversation;
}
