import type { EventInboundPayloadEventChannelIdentity } from './EventInboundPayloadEventChannelIdentity';

/**
 * The inbound event
 */
export interface EventInboundPayloadEvent {
  /**
   * Composing indicator event
   */
  composing_event?: Record<string, unknown>;
  /**
   * The contact identifier
   */
  contact_id?: string;
  /**
   * The channel identity
   */
  channel_identity?: EventInboundPayloadEventChannelIdentity;
}
