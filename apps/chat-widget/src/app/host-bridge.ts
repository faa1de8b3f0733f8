// postMessage with the page that embeds the widget. Commands are taken only from the parent
// window, and only when it is on one of the widget's allowed origins; events are posted only to
// that origin (the browser drops them if the parent is anything else by then).
import type { WidgetEvent, SetVisibilityRequest } from '../protocol';

export type InboundMessage = { type: string } & Record<string, unknown>;

export class HostBridge {
  private origin: string | null = null;

  constructor(
    /** null: any origin (a development embed token with no list). */
    private readonly allowed: string[] | null,
    private readonly onMessage: (message: InboundMessage) => void,
  ) {}

  start(): void {
    if (window.parent === window) return; // opened on its own (a WebView): nobody to talk to
    // Chrome and Safari tell us who embeds us right away; elsewhere the first message does.
    const ancestor = location.ancestorOrigins?.[0];
    if (ancestor && this.allows(ancestor)) this.origin = ancestor;
    addEventListener('message', (event) => {
      if (event.source !== window.parent || !this.allows(event.origin)) return;
      const data = event.data as unknown;
      if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') return;
      if (!(data as { type: string }).type.startsWith('parley:')) return;
      this.origin = event.origin;
      this.onMessage(data as InboundMessage);
    });
  }

  emit(message: WidgetEvent | SetVisibilityRequest): void {
    if (this.origin && window.parent !== window) window.parent.postMessage(message, this.origin);
  }

  private allows(origin: string): boolean {
    return origin !== 'null' && (this.allowed === null || this.allowed.includes(origin));
  }
}
