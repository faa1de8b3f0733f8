import { Compile } from 'typebox/compile';
import { AppError, ErrorCode, RichMediaSchemas, type ContentType, type ErrorDetail, type RichContentType, type VisitorMessageBody } from '@parley/contracts';

const validators = Object.fromEntries(
  Object.entries(RichMediaSchemas).map(([type, schema]) => [type, Compile(schema)]),
) as { [K in RichContentType]: ReturnType<typeof Compile> };

/** A visitor message whose parts agree with each other, ready to store. */
export interface CheckedVisitorMessage {
  content: string;
  contentType: ContentType;
  richMedia: Record<string, unknown> | null;
  clientMessageId?: string;
}

const invalid = (message: string, details: ErrorDetail[]) => new AppError(400, ErrorCode.VALIDATION_FAILED, message, details);

/** Every URL a browser will follow or load; the schema's pattern is re-checked by a real parser. */
function urlsOf(type: RichContentType, media: Record<string, unknown>): [string, unknown][] {
  if (type === 'image' || type === 'file') return [['/url', media.url]];
  if (type === 'carousel') return ((media.cards as Record<string, unknown>[]) ?? []).map((c, i) => [`/cards/${i}/image_url`, c.image_url]);
  return [];
}

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
};

/**
 * What the body schema cannot say on its own: `rich_media` must have the shape of its
 * `content_type` (reference: Rich Media Types), text needs text, and every link is http(s).
 * Throws 400 VALIDATION_FAILED with the offending path; transport-neutral, so SSE, JSON and
 * socket handlers share it.
 */
export function checkVisitorMessage(body: VisitorMessageBody): CheckedVisitorMessage {
  const contentType = body.content_type ?? 'text';
  const media = body.rich_media ?? null;
  const base = { content: body.content, contentType, ...(body.client_message_id ? { clientMessageId: body.client_message_id } : {}) };
  if (contentType === 'text') {
    if (media !== null) throw invalid('rich_media is only for non-text messages', [{ path: 'body/rich_media', message: 'must be absent or null when content_type is text' }]);
    if (body.content.trim() === '') throw invalid('A text message needs content', [{ path: 'body/content', message: 'must not be empty' }]);
    return { ...base, richMedia: null };
  }
  if (media === null) throw invalid(`A ${contentType} message needs rich_media`, [{ path: 'body/rich_media', message: `is required when content_type is ${contentType}` }]);
  const validator = validators[contentType];
  if (!validator.Check(media)) {
    const details = validator.Errors(media).slice(0, 5).map((e) => ({ path: `body/rich_media${e.instancePath}`, message: e.message }));
    throw invalid(`rich_media is not a valid ${contentType}`, details);
  }
  for (const [path, url] of urlsOf(contentType, media)) {
    if (url !== undefined && (typeof url !== 'string' || !isHttpUrl(url))) {
      throw invalid('Links must be http or https URLs', [{ path: `body/rich_media${path}`, message: 'must be an http(s) URL' }]);
    }
  }
  return { ...base, richMedia: media };
}
