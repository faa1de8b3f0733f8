/** A fresh `client_message_id`: the server stores a message once per id, whatever the retries. */
export function newClientMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
