#!/usr/bin/env node
/*
 * Opens harness.html in headless Chromium over the DevTools protocol (no npm packages) and
 * reports the curation page's ready time, and with --selftest the in-page checks of selftest.js.
 *
 *   node --experimental-websocket src/test/resources/curation-harness/run-harness.mjs \
 *        --query 'words=20000&statements=330' --runs 5 --budget 1000
 *   node --experimental-websocket src/test/resources/curation-harness/run-harness.mjs --selftest
 *   node --experimental-websocket src/test/resources/curation-harness/run-harness.mjs --selftest --query anonymous=1
 *
 * (Node 22 and later have WebSocket without the flag.) Options:
 *   --query Q        URL parameters for harness.html (see fake-api.js)
 *   --runs N         page loads to time (default 3)
 *   --budget MS      fail when the median ready time exceeds MS
 *   --selftest       run selftest.js and fail on any failed check
 *   --screenshot F   save a PNG of the last run
 *   --chromium PATH  browser binary (default /usr/bin/chromium, or $CHROMIUM)
 * Exit status 0 when everything passed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
function opt(name, dflt) {
    const i = args.indexOf('--' + name);
    return i >= 0 && i + 1 < args.length && !args[i + 1].startsWith('--') ? args[i + 1] : dflt;
}
const flag = (name) => args.includes('--' + name);

if (typeof WebSocket === 'undefined') {
    console.error('This Node has no WebSocket: run it as node --experimental-websocket run-harness.mjs (Node 20/21), or use Node 22+.');
    process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const selftest = flag('selftest');
let query = (opt('query', '') || '').replace(/^\?/, '');
if (selftest) {
    query = query ? query + '&selftest=1' : 'selftest=1';
}
const url = pathToFileURL(join(here, 'harness.html')).href + (query ? '?' + query : '');
const runs = selftest ? 1 : Math.max(1, parseInt(opt('runs', '3'), 10));
const budget = opt('budget', null);
const shot = opt('screenshot', null);
const binary = opt('chromium', process.env.CHROMIUM || '/usr/bin/chromium');

const profile = mkdtempSync(join(tmpdir(), 'cs-harness-'));
const chrome = spawn(binary, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--user-data-dir=' + profile,
    '--window-size=1400,900', '--remote-debugging-port=0', 'about:blank'
], { stdio: ['ignore', 'ignore', 'pipe'] });

function cleanup() {
    try {
        chrome.kill();
    } catch (e) { /* gone */ }
    try {
        rmSync(profile, { recursive: true, force: true });
    } catch (e) { /* busy */ }
}

const browserWs = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('Chromium did not start: ' + buf)), 30000);
    chrome.stderr.on('data', (d) => {
        buf += d;
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(buf);
        if (m) {
            clearTimeout(timer);
            resolve(m[1]);
        }
    });
    chrome.on('exit', (code) => reject(new Error('Chromium exited (' + code + '): ' + buf)));
});

const port = new URL(browserWs).port;
const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const page = targets.find((t) => t.type === 'page');
const ws = new WebSocket(page.webSocketDebuggerUrl);
await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
});
let seq = 0;
const pending = new Map();
const consoleLines = [];
ws.onmessage = (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.id && pending.has(msg.id)) {
        const { resolve, reject } = pending.get(msg.id);
        pending.delete(msg.id);
        msg.error ? reject(new Error(msg.error.message)) : resolve(msg.result);
    } else if (msg.method === 'Runtime.exceptionThrown') {
        consoleLines.push('exception: ' + (msg.params.exceptionDetails.exception?.description || msg.params.exceptionDetails.text));
    } else if (msg.method === 'Runtime.consoleAPICalled' && ['error', 'warning'].includes(msg.params.type)) {
        consoleLines.push(msg.params.type + ': ' + msg.params.args.map((a) => a.value ?? a.description).join(' '));
    }
};
const send = (method, params = {}) => new Promise((resolve, reject) => {
    const id = ++seq;
    pending.set(id, { resolve, reject });
    ws.send(JSON.stringify({ id, method, params }));
});
const evaluate = async (expression) => (await send('Runtime.evaluate', { expression, returnByValue: true })).result.value;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(expression, ms) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
        const v = await evaluate(expression);
        if (v) {
            return v;
        }
        await sleep(25);
    }
    return null;
}

let failed = false;
try {
    await send('Runtime.enable');
    await send('Page.enable');
    const times = [];
    for (let i = 0; i < runs; i++) {
        await send('Page.navigate', { url });
        await sleep(50);
        const ready = await until("document.getElementById('cs-curation') && document.getElementById('cs-curation').dataset.ready === 'true'"
            + " && window.claimscopeCuration && JSON.stringify({ready: claimscopeCuration.readyAt, t: claimscopeCuration.timings,"
            + " info: (document.getElementById('harness-timing') || {}).textContent})", 60000);
        if (!ready) {
            console.log('run ' + (i + 1) + ': the curation page did not become ready in 60 s');
            failed = true;
            break;
        }
        const r = JSON.parse(ready);
        times.push(r.ready);
        console.log(`run ${i + 1}: ${r.info || 'ready ' + r.ready.toFixed(0) + ' ms'}`);
    }
    if (times.length && !selftest) {
        const sorted = times.slice().sort((a, b) => a - b);
        const median = sorted[Math.floor(sorted.length / 2)];
        console.log(`ready after navigation start: min ${sorted[0].toFixed(0)} ms, median ${median.toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms (${url})`);
        if (budget && median > Number(budget)) {
            console.log(`FAIL: median ${median.toFixed(0)} ms is over the budget of ${budget} ms`);
            failed = true;
        }
    }
    if (selftest && !failed) {
        const res = await until('window.selftestResult && JSON.stringify(window.selftestResult)', 120000);
        if (!res) {
            console.log('the self-test did not finish in 120 s');
            failed = true;
        } else {
            const r = JSON.parse(res);
            r.results.forEach((x) => console.log((x.ok ? 'PASS ' : 'FAIL ') + x.name + (x.info ? '  ' + x.info : '')));
            console.log(`${r.passed} passed, ${r.failed} failed`);
            failed = failed || r.failed > 0;
        }
    }
    if (shot) {
        const png = await send('Page.captureScreenshot', { format: 'png' });
        writeFileSync(shot, Buffer.from(png.data, 'base64'));
    }
    consoleLines.forEach((l) => console.log('browser ' + l));
} catch (e) {
    console.error(e);
    failed = true;
} finally {
    ws.close();
    cleanup();
}
process.exit(failed ? 1 : 0);
