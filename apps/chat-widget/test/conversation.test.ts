import { Conversation, replyIdFor, type StoredMessage } from '../src/app/conversation';

let n = 0;
const msg = (seq: number, sender: StoredMessage['sender_type'], content = `m${seq}`): StoredMessage => ({
  id: `id-${seq}-${++n}`,
  seq,
  sender_type: sender,
  sender_id: sender === 'end_user' ? 'v_1' : 'x',
  content_type: 'text',
  content,
  rich_media: null,
  created_at: new Date(0).toISOString(),
});

describe('Conversation (what the widget shows)', () => {
  it('shows each stored message once, in seq order, whatever order and however often it arrives', () => {
    const c = new Conversation();
    const [a, b, d] = [msg(1, 'end_user'), msg(2, 'bot'), msg(3, 'agent')];
    expect(c.add([d, a])).toEqual([d, a]);
    expect(c.add([a, b, d])).toEqual([b]);
    expect(c.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(c.lastSeq).toBe(3);
  });

  it("replaces the visitor's unsent message by the stored one, whether the send stream or the socket reports it first", () => {
    const c = new Conversation();
    c.queue('c-1', 'hello');
    c.queue('c-2', 'again');
    c.add([msg(1, 'end_user', 'hello')]); // the socket was faster
    expect(c.outgoing.map((o) => o.clientId)).toEqual(['c-2']);
    c.confirm('c-2', msg(2, 'end_user', 'again'));
    expect(c.outgoing).toEqual([]);
    expect(c.messages.map((m) => m.content)).toEqual(['hello', 'again']);
  });

  it('builds a streamed answer from chunks by index (duplicates from two sources count once) until the stored answer ends it', () => {
    const c = new Conversation();
    const question = msg(1, 'end_user');
    c.add([question]);
    const reply = replyIdFor(question.id);
    expect(c.delta(reply, 0, 'Hello')).toBe(true);
    expect(c.delta(reply, 0, 'Hello')).toBe(false);
    expect(c.delta(reply, 1, ' there')).toBe(true);
    expect(c.streams).toEqual([{ replyId: reply, parts: ['Hello', ' there'] }]);
    c.add([msg(2, 'bot', 'Hello there')]);
    expect(c.streams).toEqual([]);
    expect(c.delta(reply, 2, ' late')).toBe(false); // a chunk after the answer does not bring it back
  });

  it("counts the other side's messages after a seq as unread, and reads a visitor message once an agent read it or a later one", () => {
    const c = new Conversation();
    const [q1, q2] = [msg(1, 'end_user'), msg(3, 'end_user')];
    c.add([q1, msg(2, 'agent'), q2, msg(4, 'bot')]);
    expect(c.incomingAfter(1).map((m) => m.seq)).toEqual([2, 4]);
    expect(c.deliveryState(q1)).toBe('sent');
    c.markRead([q2.id]);
    expect([c.deliveryState(q1), c.deliveryState(q2)]).toEqual(['read', 'read']);
  });

  it('resumes after the newest seq with nothing missing before it, not after the newest seq', () => {
    const c = new Conversation();
    expect(c.resumeSeq).toBe(0);
    c.add([msg(41, 'end_user'), msg(42, 'agent')]);
    expect(c.resumeSeq).toBe(42);
    c.add([msg(45, 'end_user')]); // sent while the socket was down: 43 and 44 are still to come
    expect([c.lastSeq, c.resumeSeq]).toEqual([45, 42]);
    c.add([msg(43, 'agent'), msg(44, 'agent')]);
    expect(c.resumeSeq).toBe(45);
  });

  it('marks failed sends and lets them be retried', () => {
    const c = new Conversation();
    c.queue('c-1', 'x');
    c.setOutgoingState('c-1', 'failed');
    expect(c.outgoing[0]!.state).toBe('failed');
    expect(c.isPending('c-1')).toBe(true);
  });
});
