/**
 * Intent classification result
 */
export interface SmartConversationPayloadAnalysisResultsIntentAnalysis {
  /**
   * The detected intent
   */
  intent?: string;
  /**
   * The confidence score
   */
  score?: number;
}
