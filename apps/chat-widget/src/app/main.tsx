// The iframe app's entry: settings from the page (written by the gateway) and from the URL (the
// reference's embed_token, session_id, customer_name, title), then the controller and the view.
import { render } from 'preact';
import { App } from './components/App';
import { WidgetController, type BootConfig } from './controller';
import { load, randomId, save } from './storage';
import './styles.css';

interface PageConfig {
  bot_name: string;
  theme: { accent: string; on_accent: string };
  allowed_origins: string[] | null;
}

function bootConfig(): BootConfig {
  const page = JSON.parse(document.getElementById('parley-config')?.textContent ?? '{}') as PageConfig;
  const params = new URLSearchParams(location.search);
  const embedToken = params.get('embed_token');
  let visitorId = params.get('session_id');
  if (!visitorId) {
    // Opened without embed.js (a WebView, a hand-built iframe): remember the visitor here instead.
    const key = `cw_sid_${embedToken ?? params.get('bot_id')}`;
    visitorId = load(key) ?? randomId('v_');
    save(key, visitorId);
  }
  const root = document.documentElement.style;
  root.setProperty('--accent', page.theme?.accent ?? '#2457c5');
  root.setProperty('--on-accent', page.theme?.on_accent ?? '#ffffff');
  return {
    embedToken,
    botId: params.get('bot_id'),
    visitorId,
    customerName: params.get('customer_name'),
    title: params.get('title') || 'Chat with us',
    launcher: params.get('launcher') === '1',
    botName: page.bot_name ?? '',
    // Missing settings trust nobody; null (any origin) only when the gateway said so.
    allowedOrigins: 'allowed_origins' in page ? page.allowed_origins : [],
  };
}

const controller = new WidgetController(bootConfig());
render(<App c={controller} />, document.getElementById('parley-app')!);
controller.start();
