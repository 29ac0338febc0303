import type { EventInboundPayloadEvent } from './EventInboundPayloadEvent';

export interface EventInboundPayload {
  /**
   * The app identifier
   */
  app_id?: string;
  /**
   * When the event was accepted
   */
  accepted_time?: string;
  /**
   * The project identifier
   */
  project_id?: string;
  /**
   * The inbound event
   */
  event?: EventInboundPayloadEvent;
}
