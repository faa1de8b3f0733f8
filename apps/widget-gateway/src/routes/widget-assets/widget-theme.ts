/** What the widget and its launcher are painted with. */
export interface WidgetTheme {
  /** The bot's brand colour, `#rrggbb`. */
  accent: string;
  /** Text and icons on the accent: black or white, whichever contrasts more. */
  on_accent: string;
}

export const DEFAULT_ACCENT = '#2457c5';
const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

function expand(hex: string): string {
  const h = hex.toLowerCase();
  return h.length === 4 ? `#${h[1]}${h[1]}${h[2]}${h[2]}${h[3]}${h[3]}` : h;
}

/** WCAG 2 relative luminance of `#rrggbb`. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The bot's `theme` JSON is free-form (set by admins); only a hex `color` (or `primary_color`)
 * is read. Any colour is accepted, because the text on it is chosen for contrast: the better of
 * black and white always reaches at least 4.58:1 (√21), above WCAG AA's 4.5:1 for normal text.
 */
export function widgetTheme(theme: unknown): WidgetTheme {
  const t = theme && typeof theme === 'object' ? (theme as Record<string, unknown>) : {};
  const raw = [t.color, t.primary_color].find((v): v is string => typeof v === 'string' && HEX.test(v.trim()));
  const accent = raw ? expand(raw.trim()) : DEFAULT_ACCENT;
  const on_accent = contrastRatio(accent, '#ffffff') >= contrastRatio(accent, '#000000') ? '#ffffff' : '#000000';
  return { accent, on_accent };
}
