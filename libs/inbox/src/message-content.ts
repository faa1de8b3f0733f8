import { Compile } from 'typebox/compile';
import { AppError, ErrorCode, RichMediaSchemas, type ContentType, type ErrorDetail, type RichContentType } from '@parley/contracts';

const validators = Object.fromEntries(
  Object.entries(RichMediaSchemas).map(([type, schema]) => [type, Compile(schema)]),
) as { [K in RichContentType]: ReturnType<typeof Compile> };

export interface MessageContentInput {
  content: string;
  contentType?: ContentType;
  richMedia?: Record<string, unknown> | null;
}

/** A message whose parts agree with each other, ready to store. */
export interface CheckedContent {
  content: string;
  contentType: ContentType;
  richMedia: Record<string, unknown> | null;
}

const badMedia = (message: string, details: ErrorDetail[]) => new AppError(400, ErrorCode.INVALID_RICH_MEDIA, message, details);

/** Every link a client will follow or load: the schema's pattern is re-checked by a real URL parser. */
function linksOf(type: RichContentType, media: Record<string, unknown>): [string, unknown][] {
  if (type === 'image' || type === 'file') return [['/url', media.url]];
  if (type === 'carousel') return ((media.cards as Record<string, unknown>[]) ?? []).map((card, i) => [`/cards/${i}/image_url`, card.image_url]);
  return [];
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * What a body schema cannot say alone (reference: Rich Media Types): `rich_media` must have the
 * shape of its `content_type`, a text message needs text, and every link is http(s). Problems
 * with the media are 400 INVALID_RICH_MEDIA with the offending path; an empty text is 400
 * VALIDATION_FAILED. Shared by every path an agent or bot message takes.
 */
export function checkMessageContent(input: MessageContentInput): CheckedContent {
  const contentType = input.contentType ?? 'text';
  const media = input.richMedia ?? null;
  if (contentType === 'text') {
    if (media !== null) throw badMedia('rich_media is only for non-text messages', [{ path: 'body/rich_media', message: 'must be absent or null when content_type is text' }]);
    if (input.content.trim() === '') {
      throw new AppError(400, ErrorCode.VALIDATION_FAILED, 'A text message needs content', [{ path: 'body/content', message: 'must not be empty' }]);
    }
    return { content: input.content, contentType, richMedia: null };
  }
  if (media === null) throw badMedia(`A ${contentType} message needs rich_media`, [{ path: 'body/rich_media', message: `is required when content_type is ${contentType}` }]);
  const validator = validators[contentType];
  if (!validator.Check(media)) {
    const details = validator.Errors(media).slice(0, 5).map((e) => ({ path: `body/rich_media${e.instancePath}`, message: e.message }));
    throw badMedia(`rich_media is not a valid ${contentType}`, details);
  }
  for (const [path, url] of linksOf(contentType, media)) {
    if (url !== undefined && (typeof url !== 'string' || !isHttpUrl(url))) {
      throw badMedia('Links must be http or https URLs', [{ path: `body/rich_media${path}`, message: 'must be an http(s) URL' }]);
    }
  }
  return { content: input.content, contentType, richMedia: media };
}
