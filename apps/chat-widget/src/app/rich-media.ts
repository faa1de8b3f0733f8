// Rich media as the widget renders it. The server checks shapes before storing, but the widget
// still reads them defensively: a malformed payload falls back to the message's text, never to
// a broken widget. Pure: unit-tested in Node.
import { safeUrl } from './format';

export interface Choice {
  label: string;
  value: string;
}
export interface Card {
  title: string;
  subtitle: string | null;
  imageUrl: string | null;
  buttons: Choice[];
}

export type RichMedia =
  | { kind: 'image'; url: string; alt: string }
  | { kind: 'file'; url: string; filename: string; size: number; mimeType: string }
  | { kind: 'quick_button'; buttons: Choice[] }
  | { kind: 'carousel'; cards: Card[] }
  | { kind: 'dropdown'; placeholder: string | null; options: Choice[] };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function choices(v: unknown): Choice[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((c) => (isObject(c) && text(c.label) && text(c.value) ? [{ label: c.label as string, value: c.value as string }] : []));
}

export function readRichMedia(contentType: string, media: unknown): RichMedia | null {
  if (!isObject(media)) return null;
  switch (contentType) {
    case 'image': {
      const url = safeUrl(media.url);
      return url ? { kind: 'image', url, alt: text(media.alt) ?? '' } : null;
    }
    case 'file': {
      const url = safeUrl(media.url);
      const size = typeof media.size === 'number' ? media.size : 0;
      return url ? { kind: 'file', url, filename: text(media.filename) || 'file', size, mimeType: text(media.mime_type) ?? '' } : null;
    }
    case 'quick_button': {
      const buttons = choices(media.buttons);
      return buttons.length ? { kind: 'quick_button', buttons } : null;
    }
    case 'carousel': {
      const cards = Array.isArray(media.cards)
        ? media.cards.flatMap((c): Card[] =>
            isObject(c) && text(c.title) !== null
              ? [{ title: c.title as string, subtitle: text(c.subtitle), imageUrl: safeUrl(c.image_url), buttons: choices(c.buttons) }]
              : [],
          )
        : [];
      return cards.length ? { kind: 'carousel', cards } : null;
    }
    case 'dropdown': {
      const options = choices(media.options);
      return options.length ? { kind: 'dropdown', placeholder: text(media.placeholder), options } : null;
    }
    default:
      return null;
  }
}
