// Every public page at phone widths, in three languages, with and without JavaScript: the
// page is no wider than the screen, the way out (where a page has one) is fully on it, and
// axe-core finds no serious or critical violation.
// Usage: node widths.mjs BASE RELEASE_ID [SHOTS_DIR]
import { axeViolations, launch, report } from "./browser.mjs";

const [base, release, shots] = process.argv.slice(2);
const pages = ["", "report", "report?danger=no", "report?danger=yes", "report/follow-up",
               "sign-in", "data", `data/${release}`, "reporte"];
const problems = [];
const browser = await launch();
for (const javaScript of [true, false]) {
  for (const width of [320, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: javaScript, bypassCSP: javaScript });
    const page = await context.newPage();
    for (const lang of ["en", "es", "fr"]) {
      for (const path of pages) {
        const sep = path.includes("?") ? "&" : "?";
        await page.goto(`${base}${path}${sep}lang=${lang}`);
        const { scroll, exit } = await page.evaluate(() => {
          const e = document.getElementById("exit");
          const r = e && e.getBoundingClientRect();
          return {
            scroll: document.documentElement.scrollWidth,
            exit: r ? { left: r.left, right: r.right } : null,
          };
        });
        const where = `${path || "/"} ${lang} ${width}px${javaScript ? "" : " without JavaScript"}`;
        if (scroll > width) problems.push(`${where}: ${scroll}px wide`);
        if (javaScript) for (const v of await axeViolations(page)) problems.push(`${where}: ${v}`);
        if (exit && (exit.left < 0 || exit.right > width)) problems.push(`${where}: the exit button is off screen`);
        if (shots && javaScript && width === 390) {
          await page.screenshot({ path: `${shots}/${(path || "home").replace(/[/?=&]/g, "_")}-${lang}.png`, fullPage: true });
        }
      }
    }
    if (javaScript) {
      // A report sent from a phone: its receipt code on one line, the page no wider.
      for (const lang of ["en", "es", "fr"]) {
        await page.goto(`${base}report?danger=yes&lang=${lang}`);
        await page.locator("#what").fill("A test report sent from a narrow phone.");
        await page.locator("form.report button[type=submit], form button[type=submit]").last().click();
        await page.waitForSelector("#receipt");
        const { lines, scroll } = await page.evaluate(() => {
          const range = document.createRange();
          range.selectNodeContents(document.getElementById("receipt"));
          return { lines: range.getClientRects().length, scroll: document.documentElement.scrollWidth };
        });
        const where = `the receipt ${lang} ${width}px`;
        if (lines !== 1) problems.push(`${where}: the code takes ${lines} lines`);
        if (scroll > width) problems.push(`${where}: ${scroll}px wide`);
        if (javaScript) for (const v of await axeViolations(page)) problems.push(`${where}: ${v}`);
        if (shots && width === 320) await page.screenshot({ path: `${shots}/receipt-${lang}.png`, fullPage: true });
      }
    }
    await context.close();
  }
}
await browser.close();
report(problems, "every public page fits 320 and 390 px in three languages, with no serious or critical axe-core violation");
