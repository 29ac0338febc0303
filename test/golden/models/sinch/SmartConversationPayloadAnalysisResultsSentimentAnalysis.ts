/**
 * Sentiment analysis result
 */
export interface SmartConversationPayloadAnalysisResultsSentimentAnalysis {
  /**
   * The detected sentiment
   */
  sentiment?: string;
  /**
   * The confidence score
   */
  score?: number;
}
