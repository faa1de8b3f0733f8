/**
 * The `<meta name="csrf-token">` a served HTML page carries so its scripts can send
 * `X-CSRFToken` (the reference's convention). Escaped, because it lands inside an attribute.
 */
export function csrfMetaTag(csrfToken: string): string {
  const escaped = csrfToken.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<meta name="csrf-token" content="${escaped}">`;
}
