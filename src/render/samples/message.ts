/**
 * The sample of a message, as the generated tests and `npm run send-sample` use it: the
 * document's first example with a payload, else one generated from the payload schema, both
 * held to the size cap (`./budget.ts`). An example over the cap is replaced by a generated
 * sample, with a warning; a generated sample over the cap is the document's error.
 */
import { HookwrightError } from '../../pipeline/errors';
import type { JsonValue, MessageExampleIR, MessageIR } from '../../plan/ir';
import type { Defs } from '../../schema';
import {
  DEFAULT_MAX_SAMPLE_BYTES,
  MAX_SAMPLE_BYTES_VARIABLE,
  SampleTooLarge,
  formatBytes,
  jsonSizeWithin,
} from './budget';
import { sampleFor } from './index';

export interface SampleLimits {
  /** The cap of one sample's JSON (payload and headers), in bytes. */
  maxBytes?: number;
  /** The document, as errors name it. */
  file?: string;
}

export interface MessageSample {
  /** The example used, when the document's own one is. */
  example?: MessageExampleIR;
  payload: JsonValue;
}

/** The message's sample; see the module comment. Pushes a warning for an example over the cap. */
export function messageSample(
  message: MessageIR,
  defs: Defs,
  limits: SampleLimits,
  warnings: string[],
): MessageSample {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_SAMPLE_BYTES;
  const where = message.location ?? `message ${message.key}`;
  const index = message.examples.findIndex((e) => e.payload !== undefined);
  const example = index >= 0 ? message.examples[index] : undefined;
  if (example !== undefined) {
    const payload = jsonSizeWithin(example.payload, maxBytes);
    const headers =
      payload === undefined ? undefined : jsonSizeWithin(example.headers, maxBytes - payload);
    if (payload !== undefined && headers !== undefined)
      return { example, payload: example.payload as JsonValue };
    warnings.push(
      `message ${message.name ?? message.key} (${where}.examples[${index}]): its example is larger than ${formatBytes(maxBytes)}, so the generated tests use a sample built from the payload schema instead (${MAX_SAMPLE_BYTES_VARIABLE} raises the cap)`,
    );
  }
  try {
    return { payload: sampleFor(message.payload, defs, { maxBytes }) };
  } catch (error) {
    if (!(error instanceof SampleTooLarge)) throw error;
    throw new HookwrightError(
      `the sample payload of message ${message.name ?? message.key} would be larger than ${formatBytes(maxBytes)}; nothing was written`,
      {
        problems: [
          {
            message: `the sample built from this payload schema would pass ${formatBytes(maxBytes)} (${[
              error.reason,
              `at ${samplePath(error.at)} in the sample`,
            ]
              .filter(Boolean)
              .join(', ')})`,
            where: { file: limits.file ?? '(document)', path: `${where}.payload` },
          },
        ],
        hint: `The generated tests and npm run send-sample send this sample. Give the message an example of a reasonable size (examples[].payload, which is used instead), lower the bound that asks for so much, or raise ${MAX_SAMPLE_BYTES_VARIABLE} (bytes).`,
      },
    );
  }
}

/** `$[3].items.name`: where in the sample, as a JSONPath. */
function samplePath(at: ReadonlyArray<string | number>): string {
  return (
    '$' +
    at
      .map((segment) =>
        typeof segment === 'number'
          ? `[${segment}]`
          : /^[A-Za-z_$][\w$]*$/.test(segment)
            ? `.${segment}`
            : `[${JSON.stringify(segment)}]`,
      )
      .join('')
  );
}
