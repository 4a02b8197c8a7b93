// `tsx src/profile.ts [seconds]`: where the client's time goes on each cached path. For each path, a
// closed loop against the no-op API server (another process) under the V8 CPU profiler; prints the
// functions with the most self time (GC and native code included). Reading aid, not a benchmark.
import { Session } from 'node:inspector/promises';
import { basename } from 'node:path';
import { Agent } from 'undici';
import { closedLoop } from './load.js';
import { createSenders, createStrategies, type Transport, type Variant } from './overhead/clients.js';
import { spawnApiServer } from './servers/spawn-api-server.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const seconds = Number(process.argv[2] ?? 3);
const PATHS: Array<[Transport, Variant]> = [
  ['request+dispatcher', 'raw'],
  ['request+dispatcher', 'apikey'],
  ['request+dispatcher', 'pat by hand'],
  ['request+dispatcher', 'pat'],
  ['request+interceptor', 'apikey'],
  ['fetch+withAuth', 'apikey by hand'],
  ['fetch+withAuth', 'apikey'],
  ['fetch+withAuth', 'pat'],
];

const server = await spawnApiServer({ latencyMs: 0 });
const agent = new Agent({ connections: 32, keepAliveTimeout: 60_000 });
const senders = createSenders(agent, server.url, await createStrategies(server.url));
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
console.log(
  `node ${process.version}, ${seconds} s per path, concurrency 32; self time share of busy samples`,
);
for (const [transport, variant] of PATHS) {
  const send = senders[transport][variant]!;
  const load = () =>
    closedLoop(async () => void (await send()), { concurrency: 32, durationMs: seconds * 1000 });
  await closedLoop(async () => void (await send()), { concurrency: 32, durationMs: 500 });
  await session.post('Profiler.start');
  const sample = await load();
  const { profile } = await session.post('Profiler.stop');
  const self = new Map<string, number>();
  let busy = 0;
  let ours = 0;
  for (const node of profile.nodes as ProfileNode[]) {
    const hits = node.hitCount ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)' || hits === 0) continue;
    const where = url
      ? ` ${url.includes('/auth-core/') ? 'auth-core/' : ''}${basename(url)}:${lineNumber + 1}`
      : '';
    const key = `${functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + hits);
    busy += hits;
    if (url.includes('/auth-core/')) ours += hits;
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(
    `\n${transport} ${variant}: ${sample.requestsPerSecond.toFixed(0)} req/s, ${sample.cpuMicrosPerRequest.toFixed(1)} us CPU/req`,
  );
  console.log(`  auth-core's own code: ${((ours / busy) * 100).toFixed(1)} % of busy samples`);
  const ownTop = [...self.entries()]
    .filter(([key]) => key.includes(' auth-core/'))
    .sort((a, b) => b[1] - a[1]);
  console.log(
    `  of which: ${ownTop
      .slice(0, 4)
      .map(([key, hits]) => `${key.split(' ')[0]} ${((hits / busy) * 100).toFixed(1)} %`)
      .join(', ')}`,
  );
  for (const [key, hits] of top) console.log(`  ${((hits / busy) * 100).toFixed(1).padStart(5)} %  ${key}`);
}
session.disconnect();
await agent.close();
await server.close();
