import type { ContentType } from '@parley/contracts';

/** FCM's and APNs' limit for a notification payload (the whole JSON body, in bytes). */
export const MAX_PUSH_PAYLOAD_BYTES = 4096;
/** Longer texts are cut here first: a lock screen shows a few lines at most. */
const MAX_BODY_CHARS = 1000;

export const PREVIEW_OFF_TITLE = 'New message';
export const PREVIEW_OFF_BODY = 'You have a new message';

/** What a notification says and which conversation it opens. */
export interface PushNotice {
  conversationId: string;
  messageId: string;
  title: string;
  body: string;
}

export interface NoticeSource {
  contentType: ContentType;
  content: string;
  senderName: string | null;
}

const WITHOUT_TEXT: Record<ContentType, string> = {
  text: 'New message',
  image: 'Sent an image',
  file: 'Sent a file',
  quick_button: 'Sent some options',
  carousel: 'Sent some options',
  dropdown: 'Sent some options',
};

/**
 * The title and text of a push. With the preview switched off on the channel, nothing of the
 * message (not even who sent it) reaches Google's or Apple's servers or the lock screen.
 */
export function noticeText(source: NoticeSource, previewEnabled: boolean): { title: string; body: string } {
  if (!previewEnabled) return { title: PREVIEW_OFF_TITLE, body: PREVIEW_OFF_BODY };
  const text = source.content.replace(/\s+/g, ' ').trim();
  const body = text ? (source.contentType === 'file' ? `${WITHOUT_TEXT.file}: ${text}` : text) : WITHOUT_TEXT[source.contentType];
  return { title: source.senderName?.trim() || PREVIEW_OFF_TITLE, body: cut(body, MAX_BODY_CHARS) };
}

/** Cuts by code points (never inside a surrogate pair) and marks the cut. */
function cut(text: string, maxChars: number): string {
  const chars = Array.from(text);
  return chars.length <= maxChars ? text : `${chars.slice(0, Math.max(0, maxChars - 1)).join('')}…`;
}

/**
 * Serializes a payload whose only variable part is the body, shortening the body until the JSON
 * fits in `limit` bytes (multi-byte text and JSON escaping make the size hard to know up front).
 */
export function fitPayload(build: (body: string) => unknown, body: string, limit = MAX_PUSH_PAYLOAD_BYTES): string {
  let text = body;
  for (;;) {
    const json = JSON.stringify(build(text));
    const size = Buffer.byteLength(json);
    if (size <= limit) return json;
    const chars = Array.from(text).length;
    if (chars <= 1) throw new Error(`push payload is ${size} bytes even without a body`);
    // Shrink in proportion to the overshoot, and at least by one character, so this ends quickly.
    text = cut(text, Math.max(1, Math.min(chars - 1, Math.floor((chars * limit) / size) - 1)));
  }
}
