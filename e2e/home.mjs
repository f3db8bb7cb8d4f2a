// Browser check of Faro's home page, run by crates/faro-web/tests/it/browser.rs.
// Usage: node home.mjs BASE_URL EXPECTED_RECORD_COUNT SCREENSHOT_DIR
// Fails (exit 1, reason on stderr) if the page loads anything from another host, logs a
// console error (a CSP violation shows up as one), or does not show what is loaded in English
// and, after following the language link, in Spanish. Also checks the page without JavaScript.
import { chromium } from "playwright-core";

const [base, expected, shots] = process.argv.slice(2);
const origin = new URL(base).origin;
const browser = await chromium.launch({
  executablePath: process.env.FARO_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
try {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.on("request", (r) => { if (!r.url().startsWith(origin)) problems.push(`request to another host: ${r.url()}`); });
    page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    const response = await page.goto(base);
    if (response.status() !== 200) problems.push(`GET / answered ${response.status()}`);
    const title = await page.title();
    if (!title.includes("Faro")) problems.push(`title is "${title}"`);
    const count = (await page.locator("#record-count").textContent())?.trim();
    if (count !== expected) problems.push(`record count shows "${count}", expected "${expected}"`);
    const css = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    if (!css.includes("system-ui")) problems.push(`the stylesheet did not apply (font-family ${css})`);
    if (javaScriptEnabled) {
      await page.screenshot({ path: `${shots}/home-en.png`, fullPage: true });
      await page.getByRole("link", { name: "Español" }).click();
      await page.waitForLoadState();
      const lang = await page.getAttribute("html", "lang");
      const body = await page.locator("body").textContent();
      if (lang !== "es" || !body.includes("registros de casos")) problems.push(`the Spanish page shows lang=${lang}`);
      await page.screenshot({ path: `${shots}/home-es.png`, fullPage: true });
    }
    await context.close();
  }
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("home page ok");
