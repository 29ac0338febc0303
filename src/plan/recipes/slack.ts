import { windowed, type RecipeDescriptor } from './descriptor';

/** The request of Slack's documentation, "Verifying requests from Slack". */
export const SLACK_DOCS_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

export const slack: RecipeDescriptor = {
  name: 'slack',
  title: 'Slack',
  summary: '`x-slack-signature: v0=<hex>`, HMAC-SHA256 of `v0:<timestamp>:<body>`, 5-minute window',
  detect: [/^x-slack-signature$/],
  defaultHeader: 'x-slack-signature',
  keyKind: 'secret',
  readme:
    "Slack signs each request with the app's **Signing Secret** (Basic Information page of the app): `x-slack-signature` is `v0=` and the hex HMAC-SHA256 of `v0:<x-slack-request-timestamp>:<body>`. Requests more than five minutes away from now, either way, and signatures already seen within the window are rejected.",
  facts: () =>
    windowed({
      headers: ['x-slack-signature', 'x-slack-request-timestamp'],
      signedContent: '`v0:<timestamp>:<body>`',
      replayKey: 'the signature',
      tests: [
        {
          title: 'rejects another signature version',
          edits: [{ header: '{signature}', replace: ['^v0=', 'v1='] }],
          reason: 'unsupported_version',
        },
        {
          title: 'rejects a request without x-slack-request-timestamp',
          edits: [{ header: 'x-slack-request-timestamp', remove: true }],
          reason: 'missing_timestamp',
        },
      ],
    }),
  runtime: { module: 'slack', factory: 'slack' },
  vectors: [
    {
      source: 'Slack API docs, "Verifying requests from Slack" (the worked example)',
      key: '8f742231b10e8888abcd99yyyzzz85a5',
      body: SLACK_DOCS_BODY,
      headers: {
        'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
        'x-slack-request-timestamp': '1531420618',
      },
      nowSeconds: 1531420618,
    },
  ],
};
