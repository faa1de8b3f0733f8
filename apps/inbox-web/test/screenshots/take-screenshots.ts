// `npm run screenshots -w @parley/inbox-web`: starts the whole platform, gives it a few
// conversations, and saves docs/screenshots/inbox.png and console.png (what the README shows).
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { launchChromium, startPlatform } from '@parley/testing';
import { InboxAgent } from '../helpers/inbox-agent';
import { addMember, signInApi } from '../helpers/platform-api';
import { backdate } from './backdate';

const OUT = path.resolve(__dirname, '../../../../docs/screenshots');
const VIEWPORT = { width: 1280, height: 760 };

/** A visitor through the widget's HTTP API (what the widget itself calls), from the demo page's origin. */
async function visitorSays(edgeUrl: string, origin: string, embedToken: string, name: string, messages: string[]) {
  const headers = { 'content-type': 'application/json', origin };
  const init = await fetch(`${edgeUrl}/v1/widget/init`, { method: 'POST', headers, body: JSON.stringify({ embed_token: embedToken, customer_name: name }) });
  const { token, conversation_id: id } = (await init.json()) as { token: string; conversation_id: string };
  for (const content of messages) {
    await fetch(`${edgeUrl}/v1/widget/messages`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${token}` }, body: JSON.stringify({ content }) });
  }
  return id;
}

async function main() {
  const platform = await startPlatform();
  const browser = await launchChromium();
  try {
    const { edgeUrl, demoUrl, state } = platform;
    const admin = await signInApi(edgeUrl, state.admin);
    await addMember(admin, 'Maya Chen');
    await addMember(admin, 'Tom Okafor');
    const say = (name: string, messages: string[]) => visitorSays(edgeUrl, demoUrl, state.embed_token, name, messages);

    // A few weeks of history for the charts: conversations answered by the bot, by agents, resolved.
    const agentApi = await signInApi(edgeUrl, state.agent);
    const moves: { conversationId: string; days: number; delayMinutes: number }[] = [];
    for (let i = 0; i < 26; i++) {
      const id = await say(`Visitor ${i + 1}`, i % 3 === 0 ? ['Where is my parcel?', 'Order #10' + i] : ['Do you have this in blue?']);
      if (i % 4 !== 3) {
        await agentApi.post(`/api/conversations/${id}/assign`, {});
        await agentApi.post(`/api/conversations/${id}/messages`, { content: 'Let me check that for you.' });
        if (i % 2 === 0) await agentApi.post(`/api/conversations/${id}/resolve`, { tags: ['shipping'] });
      }
      moves.push({ conversationId: id, days: 1 + ((i * 7) % 20), delayMinutes: 1 + ((i * 5) % 13) });
    }
    await backdate(state.org_id, moves);
    const main = await say('Ingrid Larsen', ['Hi! Do you ship to Norway?']);
    await say('Lucas Martin', ['My order #1042 has not arrived yet', 'It was due on Monday']);
    await say('Priya Raman', ['Can I return the tent if I used it once?']);
    const done = await say('Jonas Weber', ['How long is the warranty on the headlamp?']);
    await say('Sofia Rossi', ['Do the trail shoes run small?']);

    const agent = await InboxAgent.signIn(await browser.newContext({ viewport: VIEWPORT }), edgeUrl, state.agent);
    await agent.open('unassigned', done);
    await agent.claim();
    await agent.send('Two years, and we replace it the same week if anything fails.');
    await agent.resolve('warranty');

    await agent.showFilter('unassigned');
    await agent.open('unassigned', main);
    await agent.claim();
    await agent.send('Hi Ingrid! Yes, we ship to Norway: 3–5 working days, tracked.');
    await agent.sendQuickButtons('Would you like the express option?', ['Yes, express', 'Standard is fine']);
    // The whole queue in the list, without the toasts of the actions above.
    await agent.page.goto(`${edgeUrl}/inbox/all/${main}`);
    await agent.page.locator('.conv-row').nth(5).waitFor();
    await agent.page.locator('[role="log"] [data-state="sent"], [role="log"] [data-state="read"]').first().waitFor();
    await mkdir(OUT, { recursive: true });
    await agent.page.screenshot({ path: path.join(OUT, 'inbox.png') });

    const console = await InboxAgent.signIn(await browser.newContext({ viewport: VIEWPORT }), edgeUrl, state.admin);
    await console.page.goto(`${edgeUrl}/console/analytics`);
    await console.page.locator('figure[data-chart="First response time (agents)"] canvas').waitFor();
    await console.page.screenshot({ path: path.join(OUT, 'console.png') });
    for (const file of ['inbox.png', 'console.png']) process.stdout.write(`${file}: ${Math.round((await stat(path.join(OUT, file))).size / 1024)} KB\n`);
  } finally {
    await browser.close();
    await platform.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
