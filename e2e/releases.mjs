// Browser check of publishing, run by crates/faro-web/tests/it/browser.rs.
// Usage: node releases.mjs BASE_URL ADMIN_EMAIL PASSWORD SCREENSHOT_DIR
// In English with JavaScript: from the hub's records of women, "Publish this selection" opens
// the release form naming the selection; the release is made, followed to its end and made
// public. In French without JavaScript and without signing in: /data lists it with its
// datasheet and files, never its report. In Spanish: the releases page. Fails (exit 1, reason
// on stderr) on a request to another host, a console error, or a step that does not show what
// it should.
import { readFile } from "node:fs/promises";
import { launch, report, signIn, watchedPage } from "./browser.mjs";

const [base, email, password, shots] = process.argv.slice(2);
const origin = new URL(base).origin;
const browser = await launch();
const problems = [];

async function context(javaScriptEnabled) {
  const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true, viewport: { width: 1100, height: 900 } });
  const page = await watchedPage(context, origin, problems);
  return { context, page };
}

try {
  {
    const { context: c, page } = await context(true);
    await signIn(page, base, email, password);
    await page.goto(`${base}hub/records?gender=female&lang=en`);
    await page.getByRole("link", { name: "Publish this selection" }).click();
    await page.waitForLoadState();
    if ((await page.title()) !== "Releases · Faro") problems.push(`releases title "${await page.title()}"`);
    const selection = (await page.locator("#release-selection").textContent()) ?? "";
    if (!selection.includes("Female")) problems.push(`the selection is not named: ${selection}`);
    await page.screenshot({ path: `${shots}/releases-en-js.png`, fullPage: true });
    await page.getByLabel("k", { exact: true }).fill("5");
    await page.getByRole("button", { name: "Make the release" }).click();
    await page.waitForLoadState();
    for (let i = 0; i < 120; i++) {
      if ((await page.locator('meta[http-equiv="refresh"]').count()) === 0) break;
      await page.waitForTimeout(500);
      await page.reload();
    }
    const status = (await page.locator("#job-status").textContent()) ?? "";
    if (!status.includes("Made and kept as release")) problems.push(`release job: ${status}`);
    await page.screenshot({ path: `${shots}/release-job-en-js.png`, fullPage: true });
    await page.goto(`${base}admin/releases?lang=en`);
    // Making it public asks first, saying who will see what.
    await page.getByRole("link", { name: "Make public" }).first().click();
    await page.waitForLoadState();
    const facts = (await page.locator("#what-goes").textContent()) ?? "";
    if (!facts.includes("Anyone, without signing in") || !facts.includes("report.html")) problems.push(`public confirmation: ${facts}`);
    await page.screenshot({ path: `${shots}/release-public-en-js.png`, fullPage: true });
    await page.getByLabel("I understand").check();
    await page.getByRole("button", { name: "Make public" }).click();
    await page.waitForLoadState();
    if ((await page.getByRole("button", { name: "Make private" }).count()) === 0) problems.push("the release did not become public");
    await c.close();
  }
  {
    const { context: c, page } = await context(false);
    await page.goto(`${base}data?lang=fr`);
    if ((await page.title()) !== "Données publiées · Faro") problems.push(`data title "${await page.title()}"`);
    const files = (await page.locator("table.downloads").first().textContent()) ?? "";
    for (const f of ["README.md", "kanon.csv", "synthetic.csv", "dp-tables.csv"]) {
      if (!files.includes(f)) problems.push(`/data does not offer ${f}: ${files}`);
    }
    if (files.includes("report")) problems.push(`/data offers a report: ${files}`);
    await page.screenshot({ path: `${shots}/data-fr-nojs.png`, fullPage: true });
    // The release's own page: its charts, drawn from the published tables, and its datasheet.
    await page.getByRole("link", { name: "Fichiers, graphiques et fiche descriptive" }).first().click();
    await page.waitForLoadState();
    const sheet = (await page.locator(".datasheet-text").first().textContent()) ?? "";
    if (!sheet.includes("k = 5")) problems.push(`the datasheet does not give k: ${sheet.slice(0, 300)}`);
    if ((await page.locator(".chart svg").count()) < 2) problems.push("the release page has no charts");
    await page.screenshot({ path: `${shots}/release-fr-nojs.png`, fullPage: true });
    await c.close();
  }
  {
    const { context: c, page } = await context(true);
    await signIn(page, base, email, password);
    await page.goto(`${base}admin/releases?lang=es`);
    if ((await page.locator("#releases tbody tr").count()) !== 1) problems.push("the releases list does not hold the release");
    await page.screenshot({ path: `${shots}/releases-es-js.png`, fullPage: true });
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#releases").getByRole("link", { name: "synthetic.csv" }).click()]);
    const csv = await readFile(await download.path(), "utf8");
    if (!csv.split("\n")[0].includes("gender")) problems.push(`synthetic.csv: ${csv.slice(0, 200)}`);
    await c.close();
  }
} finally {
  await browser.close();
}
report(problems, "publishing ok");
