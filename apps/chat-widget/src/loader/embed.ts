// embed.js: the only code Parley runs on a customer's page. It must stay tiny (the size test
// holds it under 2 KB gzipped), define nothing but `window.Parley`, never throw into the page
// and never block it: everything happens after an async fetch, inside try/catch.
import type { HelloMessage, VisibilityMessage, WidgetCommand } from '../protocol';

interface ParleyApi {
  open(): void;
  close(): void;
  toggle(): void;
  setCustomerName(name: string): void;
  identify(identityAssertion: string): void;
}

type LoaderConfig = { enabled: true; theme: { accent: string; on_accent: string } } | { enabled: false; code: string; message: string };

const host = window as unknown as { Parley?: ParleyApi };
const note = (text: string) => console.warn(`[Parley] ${text}`);
const BOX =
  'position:fixed;right:20px;bottom:88px;width:380px;height:560px;max-width:calc(100% - 40px);max-height:calc(100% - 108px);border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.18);';
const FULL = 'position:fixed;right:0;bottom:0;width:100%;height:100%;';

/** 128 random bits: the anonymous visitor's id, which is all that ties them to their conversation. */
function newId(): string {
  return 'v_' + Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join('');
}

/** The reference's `cw_sid_{token}`, made once; without storage (privacy modes) a fresh id per page. */
function visitorId(key: string): string {
  try {
    let id = localStorage.getItem(key);
    if (!id) localStorage.setItem(key, (id = newId()));
    return id;
  } catch {
    return newId();
  }
}

function chatIcon(color: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const path = document.createElementNS(ns, 'path');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '24');
  svg.setAttribute('height', '24');
  svg.setAttribute('aria-hidden', 'true');
  path.setAttribute('fill', color);
  path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z');
  svg.append(path);
  return svg;
}

function start(): void {
  if (host.Parley) return; // the snippet pasted twice: the first copy runs the widget
  const script = (document.currentScript || document.querySelector('script[data-embed-token]')) as HTMLScriptElement | null;
  const token = script && script.getAttribute('data-embed-token');
  if (!script || !token) return note('the script tag needs data-embed-token="ew_…"; the chat is not shown.');
  const base = new URL(script.src).origin;
  const data = (name: string) => script.getAttribute(`data-${name}`);
  const narrow = matchMedia('(max-width: 480px)');
  const queue: object[] = [];
  let frame: HTMLIFrameElement | undefined;
  let launcher: HTMLButtonElement;
  let badge: HTMLSpanElement;
  let loaded = false;
  let open = false;

  const send = (message: object) => loaded && frame!.contentWindow!.postMessage(message, base);
  const post = (message: WidgetCommand) => (loaded ? send(message) : queue.push(message));
  const layout = () => {
    if (!frame) return;
    frame.style.cssText = `${narrow.matches ? FULL : BOX}border:0;z-index:2147483000;background:#fff;display:${open ? 'block' : 'none'}`;
    launcher.style.display = open && narrow.matches ? 'none' : 'block';
    launcher.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
    launcher.setAttribute('aria-expanded', String(open));
  };
  const setOpen = (next: boolean) => {
    if (next === open) return;
    open = next;
    if (!frame) return;
    layout();
    // Focus follows the panel: into the chat when it opens, back to the launcher when it closes.
    if (open) frame.focus();
    else if (document.activeElement === frame) launcher.focus();
    send({ type: 'parley:visibility', open } satisfies VisibilityMessage);
  };

  host.Parley = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!open),
    setCustomerName: (name) => post({ type: 'parley:set-customer-name', name }),
    identify: (assertion) => post({ type: 'parley:identify', identity_assertion: assertion }),
  };

  const mount = (theme: { accent: string; on_accent: string }) => {
    const sid = data('session-id') || visitorId(`cw_sid_${token}`);
    const params = new URLSearchParams({ embed_token: token, session_id: sid, launcher: '1' });
    for (const name of ['title', 'customer-name']) {
      const value = data(name);
      if (value) params.set(name.replace('-', '_'), value);
    }
    const box = document.createElement('div');
    box.id = 'parley-widget';
    launcher = document.createElement('button');
    launcher.type = 'button';
    launcher.setAttribute('aria-controls', 'parley-chat-frame');
    badge = document.createElement('span');
    badge.style.cssText = 'position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;box-sizing:border-box;border-radius:10px;background:#b3261e;color:#fff;font:600 12px/20px system-ui,sans-serif;display:none';
    badge.setAttribute('aria-hidden', 'true');
    launcher.append(chatIcon(theme.on_accent), badge);
    launcher.onclick = () => setOpen(!open);
    frame = document.createElement('iframe');
    frame.id = 'parley-chat-frame';
    frame.title = 'Chat';
    frame.name = 'parley-chat';
    // No top navigation: the widget can never take the customer's page elsewhere.
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox');
    frame.src = `${base}/chat-widget?${params}`;
    frame.onload = () => {
      loaded = true;
      const hello: HelloMessage = { type: 'parley:hello' };
      const assertion = data('identity-assertion');
      if (assertion) hello.identity_assertion = assertion;
      send(hello);
      send({ type: 'parley:visibility', open } satisfies VisibilityMessage);
      queue.splice(0).forEach(send);
    };
    box.append(launcher, frame);
    document.body.append(box);
    launcher.style.cssText = `position:fixed;right:20px;bottom:20px;width:56px;height:56px;padding:16px;border:0;border-radius:50%;background:${theme.accent};cursor:pointer;box-shadow:0 4px 16px rgba(0,0,0,.25);z-index:2147483000`;
    narrow.addListener(layout);
    layout();
    addEventListener('message', (event) => {
      if (event.source !== frame!.contentWindow || event.origin !== base) return;
      const message = event.data as { type?: string; count?: number; open?: boolean } | null;
      const type = message && message.type;
      if (type === 'parley:unread') {
        const count = Number(message!.count) || 0;
        badge.textContent = count > 99 ? '99+' : String(count);
        badge.style.display = count ? 'block' : 'none';
        launcher.title = count ? `${count} unread` : '';
      } else if (type === 'parley:set-visibility') {
        setOpen(message!.open === true);
      }
    });
  };

  fetch(`${base}/chat-widget/config?embed_token=${encodeURIComponent(token)}`, { credentials: 'omit' })
    .then((response) => response.json() as Promise<LoaderConfig>)
    .then((config) => {
      if (!config.enabled) return note(`${config.message} (${config.code}); the chat is not shown.`);
      if (document.body) mount(config.theme);
      else addEventListener('DOMContentLoaded', () => mount(config.theme));
    })
    .catch((err) => note(`could not start (${String(err)}); the chat is not shown.`));
}

try {
  start();
} catch (err) {
  note(`could not start: ${String(err)}`);
}

// An ES module as far as the bundler knows: without this it wraps the file as CommonJS.
export {};
