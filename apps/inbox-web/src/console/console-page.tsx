import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { matchPath } from '../lib/router';
import { Link } from '../ui/link';
import { Empty, ErrorState, Loading } from '../ui/states';
import { ApiKeysPage } from './api-keys-page';
import { AppsPage } from './apps-page';
import { BotPage } from './bot-page';
import { BotsPage } from './bots-page';
import { LeadsPage } from './leads-page';
import { MobilePage } from './mobile-page';
import { TeamPage } from './team-page';
import { WebChatPage } from './web-chat-page';
import { WebhookDeliveriesPage } from './webhook-deliveries-page';
import { WebhooksPage } from './webhooks-page';

/** The charts (and uPlot with them) are a separate chunk, loaded only when someone opens Analytics. */
function AnalyticsPage() {
  const [page, setPage] = useState<{ Component: ComponentType } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    import('./analytics-page').then((m) => setPage({ Component: m.AnalyticsPage }), () => setFailed(true));
  }, []);
  if (failed) return <ErrorState message="Could not load the charts. Reload the page to try again." onRetry={() => location.reload()} />;
  return page ? <page.Component /> : <Loading label="Loading charts…" />;
}

const SECTIONS: { group: string; items: [path: string, label: string][] }[] = [
  { group: 'Insights', items: [['/console/analytics', 'Analytics'], ['/console/leads', 'Leads']] },
  { group: 'Bots', items: [['/console/bots', 'Bots']] },
  { group: 'Integration', items: [['/console/web-chat', 'Web Chat'], ['/console/mobile', 'Mobile SDK'], ['/console/webhooks', 'Webhooks'], ['/console/apps', 'Registered apps']] },
  { group: 'Company', items: [['/console/team', 'Team'], ['/console/api-keys', 'API Keys']] },
];

function Page({ path }: { path: string }) {
  const bot = matchPath('/console/bots/:id', path);
  const webhook = matchPath('/console/webhooks/:id', path);
  if (path === '/console/analytics') return <AnalyticsPage />;
  if (path === '/console/leads') return <LeadsPage />;
  if (path === '/console/bots') return <BotsPage />;
  if (bot) return <BotPage id={bot.id!} />;
  if (path === '/console/web-chat') return <WebChatPage />;
  if (path === '/console/mobile') return <MobilePage />;
  if (path === '/console/webhooks') return <WebhooksPage />;
  if (webhook) return <WebhookDeliveriesPage id={webhook.id!} />;
  if (path === '/console/apps') return <AppsPage />;
  if (path === '/console/team') return <TeamPage />;
  if (path === '/console/api-keys') return <ApiKeysPage />;
  return <Empty title="Page not found" />;
}

/** The admin console: a section menu like the reference's dashboard, and the page. */
export function ConsolePage({ path }: { path: string }) {
  return (
    <div class="console">
      <nav class="console-nav" aria-label="Console">
        {SECTIONS.map((section) => (
          <div key={section.group} class="console-nav-group">
            <h2>{section.group}</h2>
            <ul>
              {section.items.map(([href, label]) => (
                <li key={href}>
                  <Link href={href} aria-current={path === href || path.startsWith(`${href}/`) ? 'page' : undefined}>
                    {label}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <main class="console-main" id="main">
        <Page path={path} />
      </main>
    </div>
  );
}
