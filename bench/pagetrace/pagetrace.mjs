// Where a page's time goes: opens a page of a running GridMap in headless Chromium (over the
// DevTools protocol, no other package), signed in, waits for its first-draw mark, pans and zooms
// as the city browser tests do, and prints the first draw, the JS heap, the long tasks, each
// answer's timing and size, the longest tasks' biggest parts (from a Chromium trace) and the
// functions with the most CPU time (a CPU profile). The trace and profile are kept as files
// (open them in Chromium's DevTools, Performance panel).
//
//   node --experimental-websocket bench/pagetrace/pagetrace.mjs BASE PATH USER [OUT]
//   e.g. GRIDMAP_PASSWORD=… node --experimental-websocket bench/pagetrace/pagetrace.mjs http://127.0.0.1:5080 /kpi.html admin /tmp/kpi
//
// A diagnosis, not a benchmark: the figures to report come from `./gridmap bench pages`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, path, user, out = join(tmpdir(), 'gridmap-pagetrace')] = process.argv.slice(2);
const password = process.env.GRIDMAP_PASSWORD;
if (!base || !path || !user || !password) {
  console.error('usage: GRIDMAP_PASSWORD=… node --experimental-websocket pagetrace.mjs BASE PATH USER [OUT]');
  process.exit(2);
}

// The city browser tests' pan and zoom, called.
const PAN_AND_ZOOM = `(${readFileSync(new URL('../../tests/GridMap.Browser.Tests/City/pan-and-zoom.js', import.meta.url), 'utf8')})()`;

const profileDir = mkdtempSync(join(tmpdir(), 'gridmap-pagetrace-'));
const chrome = spawn('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profileDir}`, '--remote-debugging-port=0', 'about:blank'], { stdio: 'ignore', detached: true });
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
let port = null;
for (let i = 0; i < 300 && !port; i++) {
  await sleep(100);
  const file = join(profileDir, 'DevToolsActivePort');
  if (existsSync(file)) port = readFileSync(file, 'utf8').split('\n')[0];
}
const ws = new WebSocket((await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()).webSocketDebuggerUrl);
await new Promise(resolve => ws.addEventListener('open', resolve));
let nextId = 1;
const pending = new Map(), listeners = [], traceEvents = [];
ws.addEventListener('message', m => {
  const msg = JSON.parse(m.data);
  if (msg.id && pending.has(msg.id)) {
    const { resolve, reject } = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error) reject(new Error(JSON.stringify(msg.error))); else resolve(msg.result);
    return;
  }
  if (msg.method === 'Tracing.dataCollected') traceEvents.push(...msg.params.value);
  for (const listener of listeners) listener(msg);
});
const send = (method, params = {}, sessionId = undefined) => new Promise((resolve, reject) => {
  const id = nextId++;
  pending.set(id, { resolve, reject });
  ws.send(JSON.stringify({ id, method, params, sessionId }));
});
const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
const page = (method, params) => send(method, params, sessionId);
const evaluate = async expression => {
  const r = await page('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
  return r.result.value;
};
await page('Page.enable');
await page('Runtime.enable');
await page('Emulation.setDeviceMetricsOverride', { width: 1280, height: 800, deviceScaleFactor: 1, mobile: false });

// Signed in through the API from the sign-in page, which sets the session cookie.
const loaded = new Promise(resolve => listeners.push(m => { if (m.method === 'Page.loadEventFired') resolve(); }));
await page('Page.navigate', { url: `${base}/login.html` });
await loaded;
const status = await evaluate(`fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ username: ${JSON.stringify(user)}, password: ${JSON.stringify(password)} }) }).then(r => r.status)`);
if (status !== 200) throw new Error(`sign-in answered ${status}`);

await page('Page.addScriptToEvaluateOnNewDocument', { source: `window.gridmapLongTasks = [];
  new PerformanceObserver(list => { for (const e of list.getEntries()) window.gridmapLongTasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });` });
await page('Profiler.enable');
await page('Profiler.setSamplingInterval', { interval: 200 });
await page('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink.user_timing,toplevel,loading', transferMode: 'ReportEvents' });
const traced = new Promise(resolve => listeners.push(m => { if (m.method === 'Tracing.tracingComplete') resolve(); }));
await page('Profiler.start');
await page('Page.navigate', { url: `${base}${path}` });
let firstDraw = null;
for (let i = 0; i < 1200 && firstDraw === null; i++) {
  await sleep(100);
  firstDraw = await evaluate(`performance.getEntriesByName('gridmap:first-draw')[0]?.startTime ?? null`).catch(() => null);
}
const panStart = await evaluate('performance.now()');
await evaluate(PAN_AND_ZOOM);
const tasks = await evaluate('window.gridmapLongTasks');
const { profile } = await page('Profiler.stop');
await page('Tracing.end');
await traced;
await page('HeapProfiler.collectGarbage');
const heap = await page('Runtime.getHeapUsage');
const answers = await evaluate(`performance.getEntriesByType('resource').filter(e => !e.name.includes('/lib/'))
  .map(e => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseEnd), e.decodedBodySize])`);
writeFileSync(`${out}.trace.json`, JSON.stringify(traceEvents));
writeFileSync(`${out}.cpuprofile`, JSON.stringify(profile));
ws.close();
// Chromium's helper processes write its profile until they have exited: the whole group is
// stopped, and the folder removed after that.
const exited = new Promise(resolve => chrome.once('exit', resolve));
process.kill(-chrome.pid);
await exited;
await sleep(200);
rmSync(profileDir, { recursive: true, force: true, maxRetries: 10 });

const ms = us => (us / 1000).toFixed(0);
console.log(`${path}: first draw ${firstDraw?.toFixed(0) ?? 'none'} ms, JS heap ${(heap.usedSize / 1048576).toFixed(1)} MB, ` +
  `longest task panning and zooming ${Math.max(0, ...tasks.filter(t => t[0] >= panStart).map(t => t[1])).toFixed(0)} ms, ` +
  `opening ${Math.max(0, ...tasks.filter(t => t[0] < panStart).map(t => t[1])).toFixed(0)} ms (the pan from ${panStart.toFixed(0)} ms)`);
console.log(`long tasks (start+duration ms): ${tasks.map(([at, d]) => `${at.toFixed(0)}+${d.toFixed(0)}`).join(' ')}`);
console.log('answers (path, asked at, in at, bytes):');
for (const a of answers) console.log(`  ${a.join('  ')}`);
const complete = traceEvents.filter(e => e.ph === 'X');
for (const task of complete.filter(e => e.name === 'RunTask' && e.dur > 50_000).sort((a, b) => b.dur - a.dur).slice(0, 5)) {
  console.log(`task of ${ms(task.dur)} ms:`);
  complete.filter(e => e.tid === task.tid && e.pid === task.pid && e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e.dur > 0.1 * task.dur)
    .sort((a, b) => b.dur - a.dur).slice(0, 8)
    .forEach(e => console.log(`  ${ms(e.dur)} ms ${e.name} ${JSON.stringify(e.args?.data ?? {}).slice(0, 120)}`));
}
const byId = new Map(profile.nodes.map(n => [n.id, n])), self = new Map();
profile.samples.forEach((id, i) => {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const key = `${functionName || '(anonymous)'} ${url.replace(base, '')}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
console.log('CPU time by function (self):');
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${ms(us)} ms ${key}`);
process.exit(0);
