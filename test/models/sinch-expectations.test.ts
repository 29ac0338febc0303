/**
 * What the Sinch models must say, written by hand from spec/sinch-conversation-webhooks.yaml
 * (not from the generator's output, unlike the golden files): every property of the document
 * is optional (it has no `required`), `format: date-time` stays a string, the two `enum`s are
 * exact unions, and the one `ContactEventPayload` schema serves the three contact operations
 * as one model. The type equalities are checked by the TypeScript compiler.
 */
import path from 'node:path';
import type { ReceiverIR } from '../../src/plan/ir';
import { load } from '../../src/load';
import { generateModels, type ModelsResult } from '../../src/models';
import { plan } from '../../src/plan';
import { compile } from './support';

const SPEC = path.resolve(__dirname, '..', '..', 'spec', 'sinch-conversation-webhooks.yaml');

let ir: ReceiverIR;
let result: ModelsResult;

beforeAll(async () => {
  ir = plan((await load(SPEC)).document);
  result = await generateModels(ir);
});

/** `Same<A, B>` is `true` only when A and B are the same type (not merely assignable). */
const EXPECTATIONS = `
import type {
  ContactEventPayload,
  MessageDeliveryPayload,
  OptEventPayload,
  ConversationEventPayload,
  SmartConversationPayload,
} from './index';

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectSame<A, B>(same: Same<A, B>): void {
  void same;
}

expectSame<
  ContactEventPayload,
  {
    app_id?: string;
    accepted_time?: string;
    project_id?: string;
    contact?: {
      id?: string;
      display_name?: string;
      channel_identities?: { channel?: string; identity?: string }[];
    };
  }
>(true);

type DeliveryReport = NonNullable<MessageDeliveryPayload['message_delivery_report']>;
expectSame<
  DeliveryReport['status'],
  'QUEUED_ON_CHANNEL' | 'DELIVERED' | 'READ' | 'FAILED' | 'SWITCHING_CHANNEL' | undefined
>(true);
expectSame<
  MessageDeliveryPayload,
  {
    app_id?: string;
    accepted_time?: string;
    event_time?: string;
    project_id?: string;
    message_delivery_report?: {
      message_id?: string;
      conversation_id?: string;
      status?: 'QUEUED_ON_CHANNEL' | 'DELIVERED' | 'READ' | 'FAILED' | 'SWITCHING_CHANNEL';
      channel_identity?: { channel?: string; identity?: string };
      contact_id?: string;
      reason?: string;
      metadata?: string;
    };
  }
>(true);

expectSame<
  OptEventPayload,
  {
    app_id?: string;
    project_id?: string;
    contact_id?: string;
    channel?: string;
    identity?: string;
    status?: 'OPT_IN_SUCCEEDED' | 'OPT_IN_FAILED' | 'OPT_OUT_SUCCEEDED' | 'OPT_OUT_FAILED';
    request_id?: string;
  }
>(true);

expectSame<
  ConversationEventPayload,
  {
    app_id?: string;
    project_id?: string;
    conversation?: { id?: string; app_id?: string; contact_id?: string; active?: boolean };
  }
>(true);

type Analysis = NonNullable<SmartConversationPayload['analysis_results']>;
expectSame<
  Analysis,
  {
    sentiment_analysis?: { sentiment?: string; score?: number };
    intent_analysis?: { intent?: string; score?: number };
  }
>(true);
`;

describe('Sinch models, against expectations written from the document', () => {
  test('property names, optionality, types and enums are as the document says', () => {
    expect(compile(result, { 'expectations.ts': EXPECTATIONS })).toEqual([]);
  });

  test('the expectations are checked: a model that differs fails to compile', () => {
    const wrong = EXPECTATIONS.replace(
      "'SWITCHING_CHANNEL';",
      "'SWITCHING_CHANNEL' | 'LOST';",
    ).replace('display_name?: string;', 'display_name: string;');
    expect(wrong).not.toBe(EXPECTATIONS);
    expect(compile(result, { 'expectations.ts': wrong })).toHaveLength(2);
  });

  test('one ContactEventPayload model serves contact create, update and delete', () => {
    const contactOperations = ir.operations.filter((op) =>
      /^receiveContact(Create|Update|Delete)$/.test(op.id),
    );
    expect(contactOperations.map((op) => op.messages)).toEqual([
      ['ContactEvent'],
      ['ContactEvent'],
      ['ContactEvent'],
    ]);
    expect(result.payloadTypes.ContactEvent).toBe('ContactEventPayload');
    // One model for the schema and its nested objects: no per-operation copies.
    expect(result.files.map((f) => f.name).filter((name) => name.startsWith('Contact'))).toEqual(
      expect.arrayContaining(['ContactEventPayload', 'ContactMergeEventPayload']),
    );
    const declaring = result.files.filter(
      (f) => /\b(interface|type) \w*\b/.test(f.content) && /display_name/.test(f.content),
    );
    expect(declaring.map((f) => f.name)).toEqual(['ContactEventPayloadContact']);
  });
});
