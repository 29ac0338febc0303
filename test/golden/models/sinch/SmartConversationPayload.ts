import type { SmartConversationPayloadAnalysisResults } from './SmartConversationPayloadAnalysisResults';

export interface SmartConversationPayload {
  /**
   * The app identifier
   */
  app_id?: string;
  /**
   * The project identifier
   */
  project_id?: string;
  /**
   * The analyzed message identifier
   */
  message_id?: string;
  /**
   * The contact identifier
   */
  contact_id?: string;
  /**
   * The conversation identifier
   */
  conversation_id?: string;
  /**
   * Smart conversation analysis results
   */
  analysis_results?: SmartConversationPayloadAnalysisResults;
}
