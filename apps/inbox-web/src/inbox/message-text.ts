import type { ContentType, SenderType } from '../api/types';

/** What a visitor is called when they gave no name: the end of their id, so two stay apart. */
export function displayName(endUser: { display_name: string | null; external_id: string }): string {
  return endUser.display_name?.trim() || `Visitor ${endUser.external_id.slice(-6)}`;
}

const MEDIA_LABELS: Record<ContentType, string> = {
  text: '',
  image: 'Image',
  file: 'File',
  quick_button: 'Quick buttons',
  carousel: 'Carousel',
  dropdown: 'Dropdown',
};

const SENDER_PREFIX: Record<SenderType, string> = { end_user: '', agent: 'Agent: ', bot: 'Bot: ' };

/** One line for a list row: who spoke (when not the visitor) and what. */
export function previewText(m: { sender_type: SenderType; content_type: ContentType; content: string }): string {
  const text = m.content.replace(/\s+/g, ' ').trim();
  const body = m.content_type === 'text' ? text : `[${MEDIA_LABELS[m.content_type]}]${text ? ` ${text}` : ''}`;
  return `${SENDER_PREFIX[m.sender_type]}${body}`;
}

/** Splits text into plain parts and http(s) links, for rendering links without any HTML parsing. */
export function linkify(text: string): { text: string; href?: string }[] {
  const parts: { text: string; href?: string }[] = [];
  const re = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;
  let last = 0;
  for (const match of text.matchAll(re)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: match[0], href: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
