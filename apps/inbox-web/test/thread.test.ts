import type { AgentMessage } from '@parley/contracts';
import type { ChatMessage } from '../src/api/types';
import { confirmPending, firstSeq, lastSeq, markDelivery, markRead, mergeMessages } from '../src/inbox/thread';

const msg = (seq: number, extra: Partial<AgentMessage> = {}): AgentMessage => ({
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
  seq,
  session_id: 's1',
  sender_type: 'end_user',
  sender_id: 'v1',
  content_type: 'text',
  content: `m${seq}`,
  rich_media: null,
  read_by: {},
  created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  ...extra,
});
const pending = (clientId: string, content: string): ChatMessage => ({
  ...msg(0, { sender_type: 'agent', sender_id: 'me', content }),
  id: `pending:${clientId}`,
  delivery: 'sending',
  client_message_id: clientId,
});
const seqs = (list: ChatMessage[]) => list.map((m) => (m.delivery ? m.client_message_id : m.seq));

/**
 * The inbox's message bookkeeping (pure functions of apps/inbox-web/src/inbox/thread.ts): what
 * makes a resume after a reconnect show every message once and in order.
 */
describe('thread bookkeeping', () => {
  it('merges pages, live messages and replays: each id once, in seq order, unconfirmed sends last', () => {
    let list = mergeMessages([], [msg(3), msg(4)]);
    list = [...list, pending('c1', 'hello')];
    list = mergeMessages(list, [msg(5)]); // live
    list = mergeMessages(list, [msg(4), msg(5), msg(6)]); // replay after a reconnect overlaps
    list = mergeMessages(list, [msg(1), msg(2), msg(3)]); // an older page overlaps too
    expect(seqs(list)).toEqual([1, 2, 3, 4, 5, 6, 'c1']);
    expect(firstSeq(list)).toBe(1);
    expect(lastSeq(list)).toBe(6);
  });

  it('keeps read receipts from both copies of a message', () => {
    const read = markRead([msg(1)], [msg(1).id], 'agent-a', '2026-01-01T00:00:09.000Z');
    const merged = mergeMessages(read, [msg(1, { read_by: { v9: '2026-01-01T00:00:10.000Z' } })]);
    expect(merged[0]!.read_by).toEqual({ 'agent-a': '2026-01-01T00:00:09.000Z', v9: '2026-01-01T00:00:10.000Z' });
  });

  it('confirms an optimistic message with its stored id and seq, whichever arrives first', () => {
    const stored = msg(7, { sender_type: 'agent', sender_id: 'me', content: 'hello' });
    // Acknowledgement first, then the room's message_received.
    let a = confirmPending([msg(6), pending('c1', 'hello')], 'c1', { id: stored.id, seq: 7 });
    a = mergeMessages(a, [stored]);
    expect(seqs(a)).toEqual([6, 7]);
    expect(a[1]!.client_message_id).toBe('c1'); // the list key stays the same
    // message_received first: the acknowledgement then only drops the optimistic copy.
    let b = mergeMessages([msg(6), pending('c1', 'hello')], [stored]);
    b = confirmPending(b, 'c1', { id: stored.id, seq: 7 });
    expect(seqs(b)).toEqual([6, 7]);
  });

  it('marks a failed send and back to sending for the retry, under the same client id', () => {
    const failed = markDelivery([pending('c1', 'x')], 'c1', 'failed', 'Not sent.');
    expect(failed[0]).toMatchObject({ delivery: 'failed', failure: 'Not sent.', client_message_id: 'c1' });
    expect(markDelivery(failed, 'c1', 'sending')[0]).toMatchObject({ delivery: 'sending', failure: undefined });
  });
});
