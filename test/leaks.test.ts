import { encodings, foundIn } from './helpers/leaks';

const marker = 'leak-"6f1c2a9e-3b7d-4c1e-9a55-0d2b7e8f4a11"-\\';

describe('foundIn: a marker is found however it was logged', () => {
  const cases: Array<[string, (text: string) => string]> = [
    ['as is', (text) => `prefix ${text} suffix`],
    ['as a JSON field', (text) => JSON.stringify({ level: 30, note: text })],
    [
      'inside a body logged as a string',
      (text) => JSON.stringify({ body: JSON.stringify({ note: text }) }),
    ],
    [
      'inside a Buffer logged by JSON.stringify',
      (text) => JSON.stringify({ body: Buffer.from(JSON.stringify({ note: text })) }),
    ],
    ...[0, 1, 2].map((pad): [string, (text: string) => string] => [
      `in base64 after ${pad} other bytes`,
      (text) =>
        Buffer.from(`${'x'.repeat(pad)}{"note":${JSON.stringify(text)}}`).toString('base64'),
    ]),
    ['in base64url', (text) => Buffer.from(`ab${text}cd`).toString('base64url')],
    ['in hex', (text) => Buffer.from(`{"note":${JSON.stringify(text)}}`).toString('hex')],
  ];
  test.each(cases)('%s', (_name, log) => {
    expect(foundIn(Buffer.from(log(marker)), marker)).not.toEqual([]);
  });

  test('and not found where it is not', () => {
    const other = marker.replace('6f1c', '6f1d');
    for (const [, log] of cases) expect(foundIn(Buffer.from(log(other)), marker)).toEqual([]);
  });

  test('no form is so short that it matches by chance', () => {
    for (const form of encodings(marker)) expect(form.length).toBeGreaterThanOrEqual(8);
  });
});
