// The postMessage protocol between the host page (and embed.js) and the widget iframe. Every
// message is a plain object whose `type` starts with "parley:". Both sides check who sent it:
// the iframe accepts only its parent window on an allowed origin; embed.js only its own iframe on
// the widget's origin. Pure types and names: imported by the loader, the app and the tests.

/** Commands into the widget (from the host page, `window.Parley`, or embed.js). */
export type WidgetCommand =
  | { type: 'parley:open' }
  | { type: 'parley:close' }
  | { type: 'parley:toggle' }
  | { type: 'parley:set-customer-name'; name: string }
  | { type: 'parley:identify'; identity_assertion: string };

/** embed.js only: the first message once the iframe has loaded, with the script tag's settings. */
export interface HelloMessage {
  type: 'parley:hello';
  identity_assertion?: string;
}

/** embed.js only: the launcher shows (true) or hides (false) the iframe. */
export interface VisibilityMessage {
  type: 'parley:visibility';
  open: boolean;
}

/** Widget → embed.js: show or hide me (the launcher owns the iframe's visibility). */
export interface SetVisibilityRequest {
  type: 'parley:set-visibility';
  open: boolean;
}

/** A message as the host page sees it in `parley:message`. */
export interface HostMessageView {
  id: string;
  seq: number;
  sender_type: 'agent' | 'bot';
  content_type: string;
  content: string;
}

/** Events out of the widget, posted to the parent window on its (allowed) origin. */
export type WidgetEvent =
  | { type: 'parley:ready'; conversation_id: string; open: boolean; unread: number }
  | { type: 'parley:opened' }
  | { type: 'parley:closed' }
  | { type: 'parley:message'; message: HostMessageView }
  | { type: 'parley:unread'; count: number }
  /** A verified visitor's session ended (their widget token expired): send a fresh identity assertion. */
  | { type: 'parley:identity-required' };
