// First paint of the hub in headless chromium, for the benchmark notes (not a test).
// Usage: node paint.mjs BASE_URL EMAIL PASSWORD [RUNS]
// Signs in, then loads /hub RUNS times (default 20) in a fresh tab each time and prints the
// median and slowest first contentful paint (Chrome's lifecycle event, from the start of
// the navigation) and load.
import { launch, signIn } from "./browser.mjs";

const [base, email, password, runs = "20"] = process.argv.slice(2);
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
await signIn(page, base, email, password);
const paints = [], loads = [];
for (let i = 0; i < Number(runs); i++) {
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  let events = {};
  // A navigation starts with `init`: what came before belongs to the blank tab.
  cdp.on("Page.lifecycleEvent", (e) => {
    if (e.name === "init") events = {};
    events[e.name] ??= e.timestamp;
  });
  await cdp.send("Page.enable");
  await cdp.send("Page.setLifecycleEventsEnabled", { enabled: true });
  await tab.goto(`${base}hub${i % 2 ? "?gender=female" : ""}`, { waitUntil: "load" });
  await tab.waitForTimeout(200);
  const start = events.init;
  paints.push(((events.firstContentfulPaint ?? NaN) - start) * 1000);
  loads.push(((events.load ?? NaN) - start) * 1000);
  await tab.close();
}
const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)].toFixed(0)} ms, slowest ${s[s.length - 1].toFixed(0)} ms`;
};
console.log(`/hub first contentful paint: ${stat(paints)}; load: ${stat(loads)} (${runs} loads in fresh tabs)`);
await browser.close();
