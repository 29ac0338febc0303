import type { SmartConversationPayloadAnalysisResultsIntentAnalysis } from './SmartConversationPayloadAnalysisResultsIntentAnalysis';
import type { SmartConversationPayloadAnalysisResultsSentimentAnalysis } from './SmartConversationPayloadAnalysisResultsSentimentAnalysis';

/**
 * Smart conversation analysis results
 */
export interface SmartConversationPayloadAnalysisResults {
  /**
   * Sentiment analysis result
   */
  sentiment_analysis?: SmartConversationPayloadAnalysisResultsSentimentAnalysis;
  /**
   * Intent classification result
   */
  intent_analysis?: SmartConversationPayloadAnalysisResultsIntentAnalysis;
}
