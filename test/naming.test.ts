import {
  NameScope,
  camelCase,
  isBareKey,
  pascalCase,
  toIdentifier,
  words,
} from '../src/plan/naming';

describe('words', () => {
  test.each([
    ['receiveInboundMessage', ['receive', 'Inbound', 'Message']],
    ['/conversation/message-inbound', ['conversation', 'message', 'inbound']],
    ['MESSAGE_INBOUND', ['MESSAGE', 'INBOUND']],
    ['HTTPServerURL', ['HTTP', 'Server', 'URL']],
    ['2fa_enabled', ['2fa', 'enabled']],
    ['café-crème', ['cafe', 'creme']],
  ])('%s', (given, want) => expect(words(given)).toEqual(want));
});

describe('pascalCase and camelCase', () => {
  test.each([
    ['message inbound', 'MessageInbound', 'messageInbound'],
    ['MESSAGE_INBOUND', 'MessageInbound', 'messageInbound'],
    [
      'receive /conversation/message-inbound',
      'ReceiveConversationMessageInbound',
      'receiveConversationMessageInbound',
    ],
    ['user ID', 'UserID', 'userID'],
    ['2fa enabled', '_2faEnabled', '_2faEnabled'],
    ['class', 'Class', 'class_'],
    ['default', 'Default', 'default_'],
    ['', 'Unnamed', 'unnamed'],
    ['!!!', 'Unnamed', 'unnamed'],
    ['"; process.exit(1); //', 'ProcessExit1', 'processExit1'],
    ['../../etc/passwd', 'EtcPasswd', 'etcPasswd'],
  ])('%j → %s / %s', (given, pascal, camel) => {
    expect(pascalCase(given)).toBe(pascal);
    expect(camelCase(given)).toBe(camel);
  });
});

describe('toIdentifier', () => {
  test.each([
    ['constructor', 'constructor_'],
    ['__proto__', '__proto___'],
    ['9lives', '_9lives'],
    ['a-b', 'ab'],
  ])('%s → %s', (given, want) => expect(toIdentifier(given, 'x')).toBe(want));
});

describe('isBareKey', () => {
  test.each([
    ['app_id', true],
    ['data-id', false],
    ['x.y', false],
    ['2fa_enabled', false],
    ['__proto__', false],
    ['default', true],
  ])('%s → %s', (given, want) => expect(isBareKey(given)).toBe(want));
});

describe('NameScope', () => {
  test('the first claimant keeps the name, later ones get numbered suffixes in order', () => {
    const scope = new NameScope();
    expect(scope.claim('Event')).toEqual({ name: 'Event', collided: false });
    expect(scope.claim('Event')).toEqual({ name: 'Event2', collided: true });
    expect(scope.claim('Event2')).toEqual({ name: 'Event22', collided: true });
    expect(scope.claim('Event')).toEqual({ name: 'Event3', collided: true });
  });

  test('names differing only in case collide (one file on case-insensitive disks)', () => {
    const scope = new NameScope(['Index']);
    expect(scope.claim('index').collided).toBe(true);
    expect(scope.claim('Payload')).toEqual({ name: 'Payload', collided: false });
    expect(scope.claim('PAYLOAD')).toEqual({ name: 'PAYLOAD2', collided: true });
  });
});
