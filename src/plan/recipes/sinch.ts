import { windowed, type RecipeDescriptor } from './descriptor';

const BODY_1 =
  '{"app_id":"","accepted_time":"2021-10-18T17:49:13.813615Z","project_id":"e2df3a34-a71b-4448-9db5-a8d2baad28e4","contact_create_notification":{"contact":{"id":"01FJA8B466Y0R2GNXD78MD9SM1","channel_identities":[{"channel":"SMS","identity":"48123456789","app_id":""}],"display_name":"New Test Contact","email":"new.contact@email.com","external_id":"","metadata":"","language":"EN_US"}},"message_metadata":""}';
const BODY_2 =
  '{"app_id":"01EB37HMH1M6SV18BSNS3G135H","accepted_time":"2020-11-17T15:09:11.659Z","project_id":"c36f3d3d-1513-2edd-ae42-11995557ff61","message_delivery_report":{"message_id":"01EQBC1A3BEK731GY4YXEN0C2R","conversation_id":"01EPYATA64TMNZ1FV02JKF12JF","status":"QUEUED_ON_CHANNEL","contact_id":"01EXA07N79THJ20WSN6AS30TMW"}}';
const headers = (signature: string) => ({
  'x-sinch-webhook-signature': signature,
  'x-sinch-webhook-signature-nonce': '01FJA8B4A7BM43YGWSG9GBV067',
  'x-sinch-webhook-signature-timestamp': '1634579353',
  'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
});

export const sinch: RecipeDescriptor = {
  name: 'sinch',
  title: 'Sinch',
  summary:
    'base64 HMAC-SHA256 of `body.nonce.timestamp`, timestamp window, replay protection by nonce',
  detect: [/^x-sinch-webhook-signature$/],
  defaultHeader: 'x-sinch-webhook-signature',
  keyKind: 'secret',
  readme:
    "Sinch signs each callback with the secret set on the webhook (Sinch dashboard or the Conversation API `webhooks` endpoint): a base64 HMAC-SHA256 of the raw body, a nonce and a timestamp, joined by dots. The nonce is recorded until the window ends, so a captured callback is accepted once; it is also the handler's `deliveryId`. Sinch retries callbacks that fail (delivery is at least once): keep handlers idempotent on `context.deliveryId`.",
  facts: () =>
    windowed({
      headers: [
        'x-sinch-webhook-signature',
        'x-sinch-webhook-signature-nonce',
        'x-sinch-webhook-signature-timestamp',
        'x-sinch-webhook-signature-algorithm',
      ],
      signedContent: '`<body>.<nonce>.<timestamp>`',
      replayKey: 'the nonce',
      deliveryId: '`x-sinch-webhook-signature-nonce`',
      tests: [
        {
          title: 'rejects a request without its nonce',
          edits: [{ header: 'x-sinch-webhook-signature-nonce', remove: true }],
          reason: 'missing_nonce',
        },
        {
          title: 'rejects a request without its timestamp',
          edits: [{ header: 'x-sinch-webhook-signature-timestamp', remove: true }],
          reason: 'missing_timestamp',
        },
        {
          title: 'rejects an algorithm other than HmacSHA256',
          edits: [{ header: 'x-sinch-webhook-signature-algorithm', set: 'HmacSHA1' }],
          reason: 'unsupported_algorithm',
        },
      ],
    }),
  runtime: { module: 'sinch', factory: 'sinch' },
  vectors: [
    {
      source:
        'sinch/sinch-sdk-node packages/sdk-client/tests/utils/authorization.helper.test.ts (same vector in sinch-sdk-dotnet)',
      key: 'foo_secret1234',
      body: BODY_1,
      headers: headers('6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE='),
      nowSeconds: 1634579353,
    },
    {
      source:
        'sinch/sinch-sdk-python tests/unit/domains/conversation/v1/sinch_events/test_conversation_sinch_event.py',
      key: 'foo_secret1234',
      body: BODY_2,
      headers: headers('Yc+3R1pIS78xLASybulhs8BsSo9BPB3Pr92QCUoczfk='),
      nowSeconds: 1634579353,
    },
  ],
};
