export interface ContactEventPayloadContactChannelIdentitiesItem {
  channel?: string;
  identity?: string;
}
