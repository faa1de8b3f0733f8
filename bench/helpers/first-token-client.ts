import http from 'node:http';
import type { FirstTokenJob, FirstTokenResult, FirstTokenSamples, StreamRequest, StreamTarget } from './client-jobs';

const TURN_TIMEOUT_MS = 10_000;

interface Turn {
  sentAtNs: bigint;
  messageMs: number | null;
  firstTokenMs: number | null;
  totalMs: number;
  /** Why the turn does not count; undefined when it is valid. */
  failure?: string;
}

/** The content deltas of one stream, whichever protocol it speaks, read event by event. */
function streamReader(protocol: StreamTarget['protocol']) {
  const deltas: string[] = [];
  const problems: string[] = [];
  let finished = false;
  let events = 0;
  let pending = '';
  const onEvent = (block: string) => {
    if (protocol === 'openai') {
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data === undefined) return;
      if (data === '[DONE]') return void (finished = true);
      const content = (JSON.parse(data) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content;
      if (content) deltas.push(content);
      return;
    }
    if (block.startsWith(':')) return; // heartbeat
    events++;
    const name = /^event: (.+)$/m.exec(block)?.[1];
    const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as { delta?: string; content?: string; code?: string };
    if (name === 'token' && data?.delta) deltas.push(data.delta);
    else if (name === 'error') problems.push(`error event ${data?.code}`);
    else if (name === 'handoff') problems.push('handoff');
    else if (name === 'done') {
      finished = true;
      if (data?.content !== deltas.join('')) problems.push('done differs from the streamed tokens');
    }
  };
  return {
    deltas,
    get events() {
      return events;
    },
    /** Feeds a chunk; true once the first content delta has arrived. */
    push(chunk: string): boolean {
      pending += chunk;
      let cut: number;
      while ((cut = pending.indexOf('\n\n')) >= 0) {
        onEvent(pending.slice(0, cut));
        pending = pending.slice(cut + 2);
      }
      return deltas.length > 0;
    },
    verdict(expectText: string): string | undefined {
      if (problems.length) return problems.join(', ');
      if (!finished) return 'stream ended without done';
      if (!deltas.join('').includes(expectText)) return `answer "${deltas.join('').slice(0, 60)}" lacks "${expectText}"`;
      return undefined;
    },
  };
}

function turn(agent: http.Agent, target: StreamTarget, request: StreamRequest, round: number): Promise<Turn> {
  return new Promise((resolve) => {
    const reader = streamReader(target.protocol);
    const body = Buffer.from(request.body.replaceAll('{round}', String(round)));
    let firstTokenMs: number | null = null;
    let messageMs: number | null = null;
    const sentAtNs = process.hrtime.bigint();
    const sentAt = performance.now();
    const fail = (failure: string) => resolve({ sentAtNs, messageMs, firstTokenMs, totalMs: performance.now() - sentAt, failure });
    // A turn that hangs is a failure, not a stuck benchmark.
    const timer = setTimeout(() => {
      fail(`no end within ${TURN_TIMEOUT_MS} ms`);
      req.destroy();
    }, TURN_TIMEOUT_MS);
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port: target.port,
        method: 'POST',
        path: target.path,
        headers: { ...request.headers, 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        res.setEncoding('utf8');
        if (res.statusCode !== 200) {
          let text = '';
          res.on('data', (c: string) => (text += c));
          return res.on('end', () => fail(`HTTP ${res.statusCode} ${text.slice(0, 120)}`));
        }
        res.on('data', (chunk: string) => {
          try {
            const gotToken = reader.push(chunk);
            if (messageMs === null && reader.events > 0) messageMs = performance.now() - sentAt;
            if (gotToken && firstTokenMs === null) firstTokenMs = performance.now() - sentAt;
          } catch (err) {
            fail(`unreadable stream: ${(err as Error).message}`);
            req.destroy();
          }
        });
        res.on('end', () => {
          clearTimeout(timer);
          const failure = reader.verdict(request.expectText);
          resolve({ sentAtNs, messageMs, firstTokenMs, totalMs: performance.now() - sentAt, ...(failure ? { failure } : {}) });
        });
        res.on('error', (err) => fail(err.message));
      },
    );
    req.on('error', (err) => fail(err.message));
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });
}

/** Sends the turns one at a time (never overlapping), alternating targets round by round. */
export async function runFirstToken(job: FirstTokenJob): Promise<FirstTokenResult> {
  const agents = job.targets.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const samples: FirstTokenSamples[] = job.targets.map((t) => ({
    label: t.label,
    firstTokenMs: [],
    totalMs: [],
    messageMs: [],
    sentAtNs: [],
    rounds: [],
    failures: 0,
    failureExamples: [],
  }));
  for (let round = 0; round < job.warmupRounds + job.rounds; round++) {
    for (let t = 0; t < job.targets.length; t++) {
      const target = job.targets[t]!;
      const result = await turn(agents[t]!, target, target.requests[round % target.requests.length]!, round);
      if (round < job.warmupRounds && !result.failure) continue;
      const s = samples[t]!;
      if (result.failure || result.firstTokenMs === null) {
        s.failures++;
        if (s.failureExamples.length < 5) s.failureExamples.push(`round ${round}: ${result.failure ?? 'no token'}`);
        continue;
      }
      s.firstTokenMs.push(result.firstTokenMs);
      s.totalMs.push(result.totalMs);
      s.messageMs.push(result.messageMs ?? NaN);
      s.sentAtNs.push(String(result.sentAtNs));
      s.rounds.push(round);
    }
  }
  agents.forEach((a) => a.destroy());
  return { targets: samples };
}
