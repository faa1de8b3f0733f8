export interface DemoPageOptions {
  /** Where the widget loader lives, e.g. http://localhost:8080. */
  edgeOrigin: string;
  /** Null until the auth-token service can mint one; the tag is then rendered without it. */
  embedToken: string | null;
  /** Lets the inline `<style>` through the page's CSP without `'unsafe-inline'`. */
  styleNonce: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const PRODUCTS = [
  ['Ridgeline 2P Tent', 'Three-season, 1.9 kg, pitches in four minutes.', '$329'],
  ['Cirrus Down Jacket', '800-fill down that packs into its own pocket.', '$249'],
  ['Switchback Trail Shoes', 'Grippy, light and drains fast after river crossings.', '$139'],
  ['Alpenglow Headlamp', '400 lumens, USB-C, red night mode.', '$45'],
] as const;

const STYLE = `
  :root { color-scheme: light; --ink: #1d2a22; --muted: #5b6b60; --accent: #2f6f4e; --paper: #f6f3ec; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--paper); }
  header { padding: 48px 24px 32px; background: linear-gradient(135deg, #20402f, #3d7a57); color: #fff; }
  header p { max-width: 40rem; opacity: .9; }
  main { max-width: 64rem; margin: 0 auto; padding: 32px 24px 96px; }
  .grid { display: grid; gap: 16px; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); padding: 0; list-style: none; }
  .card { background: #fff; border-radius: 12px; padding: 20px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  .card h3 { margin: 0 0 4px; font-size: 1.05rem; }
  .card p { margin: 0 0 12px; color: var(--muted); font-size: .95rem; }
  .price { font-weight: 600; color: var(--accent); }
  footer { max-width: 64rem; margin: 0 auto; padding: 0 24px 48px; color: var(--muted); font-size: .85rem; }
  code { font-size: .85em; }
`;

/** A stand-in customer website: the widget is embedded exactly as a customer would paste it. */
export function renderDemoPage(opts: DemoPageOptions): string {
  const loaderSrc = `${opts.edgeOrigin}/chat-widget/embed.js`;
  const tokenAttr = opts.embedToken ? ` data-embed-token="${escapeHtml(opts.embedToken)}"` : '';
  const cards = PRODUCTS.map(
    ([name, blurb, price]) =>
      `<li class="card"><h3>${escapeHtml(name)}</h3><p>${escapeHtml(blurb)}</p><span class="price">${price}</span></li>`,
  ).join('\n      ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Acme Outdoor — demo store</title>
  <!-- No favicon request: a 404 would be the console's only line, and the widget's own messages should stand out. -->
  <link rel="icon" href="data:,">
  <style nonce="${opts.styleNonce}">${STYLE}</style>
</head>
<body>
  <header>
    <h1>Acme Outdoor</h1>
    <p>Gear for long days outside. Questions about sizing, shipping or returns? Ask in the chat.</p>
  </header>
  <main>
    <h2>This season's favourites</h2>
    <ul class="grid">
      ${cards}
    </ul>
  </main>
  <footer>
    A Parley demo: this page is a separate origin that embeds the chat widget from
    <code>${escapeHtml(opts.edgeOrigin)}</code>.${opts.embedToken ? '' : ' No embed token has been seeded yet, so the widget may not start.'}
  </footer>
  <script async src="${escapeHtml(loaderSrc)}"${tokenAttr}></script>
</body>
</html>
`;
}
