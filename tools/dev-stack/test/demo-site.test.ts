import type { AddressInfo } from 'node:net';
import { createDemoSite, type DemoSiteServer } from '../src/demo-site';

let site: DemoSiteServer;
let base: string;

const start = async (embedToken: string | null) => {
  site = createDemoSite({ edgeOrigin: 'http://localhost:8080', embedToken });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
};
afterEach(() => site.shutdown());

describe('the demo store', () => {
  it('embeds the loader from the edge with the embed token, under a CSP that allows only the edge', async () => {
    await start('ew_test"<token>');
    const res = await fetch(base);
    const html = await res.text();
    expect(html).toContain(
      '<script async src="http://localhost:8080/chat-widget/embed.js" data-embed-token="ew_test&quot;&lt;token&gt;"></script>',
    );
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain('script-src http://localhost:8080;');
    expect(csp).toContain('frame-src http://localhost:8080;');
    expect(csp).toContain('connect-src \'self\' http://localhost:8080 ws://localhost:8080;');
    // The page's own inline style is let in by a nonce, never by 'unsafe-inline'.
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(html).toContain(`<style nonce="${nonce}">`);
    expect(csp).not.toContain('unsafe-inline');
  });

  it('leaves the token attribute out until one is seeded, and answers HEAD, 404 and 405', async () => {
    await start(null);
    expect(await (await fetch(base)).text()).toContain('<script async src="http://localhost:8080/chat-widget/embed.js"></script>');
    expect((await fetch(base, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(base, { method: 'POST' })).status).toBe(405);
  });
});
