// Browser check of the Data page, run by crates/faro-web/tests/it/browser.rs.
// Usage: node sources.mjs BASE_URL ADMIN_EMAIL PASSWORD CSV_FILE IMPORTED REJECTED SCREENSHOT_DIR
// In English with JavaScript: uploads the file, follows the import to its summary and
// downloads its errors CSV. In Spanish without JavaScript: the same file again is skipped. In
// French with JavaScript: exports the records as CTDC layout A, then deletes the source after
// its confirmation page. Fails (exit 1, reason on stderr) on a request to another host, a
// console error, or a step that does not show what it should.
import { readFile } from "node:fs/promises";
import { launch, report, signIn, watchedPage } from "./browser.mjs";

const [base, email, password, file, imported, rejected, shots] = process.argv.slice(2);
const origin = new URL(base).origin;
const browser = await launch();
const problems = [];

async function session(javaScriptEnabled) {
  const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true, viewport: { width: 1100, height: 900 } });
  const page = await watchedPage(context, origin, problems);
  await signIn(page, base, email, password);
  return { context, page };
}

// Uploads the file from the Data page in `lang` and waits for the job's page to stop
// refreshing itself (a meta refresh: it works without JavaScript too).
async function upload(page, lang, button) {
  await page.goto(`${base}sources?lang=${lang}`);
  await page.locator("#import-file").setInputFiles(file);
  await page.getByRole("button", { name: button, exact: true }).click();
  await page.waitForLoadState();
  for (let i = 0; i < 120; i++) {
    if ((await page.locator('meta[http-equiv="refresh"]').count()) === 0) break;
    await page.waitForTimeout(500);
    await page.reload();
  }
  return (await page.locator("#job-status").textContent()) ?? "";
}

async function downloaded(page, locator) {
  const [download] = await Promise.all([page.waitForEvent("download"), locator.click()]);
  return readFile(await download.path(), "utf8");
}

try {
  {
    const { context, page } = await session(true);
    await page.goto(`${base}?lang=en`);
    await page.locator("nav.sections").getByRole("link", { name: "Data", exact: true }).click();
    await page.waitForLoadState();
    if ((await page.title()) !== "Data · Faro") problems.push(`Data page title "${await page.title()}"`);
    const status = await upload(page, "en", "Import");
    const [imp, rej] = [Number(imported).toLocaleString("en"), Number(rejected).toLocaleString("en")];
    if (!status.includes(`${imp} imported, ${rej} rejected`)) problems.push(`summary: ${status}`);
    await page.screenshot({ path: `${shots}/import-en-js.png`, fullPage: true });
    const errors = await downloaded(page, page.locator("#errors-csv"));
    const lines = errors.trim().split("\n");
    if (!lines[0].startsWith("file,line,column,value,reason")) problems.push(`errors CSV header: ${lines[0]}`);
    if (lines.length - 1 < Number(rejected)) problems.push(`errors CSV has ${lines.length - 1} lines for ${rejected} rejected rows`);
    if (lines.slice(1).some((l) => /^[=+\-@]/.test(l.split(",")[3] ?? ""))) problems.push("a formula in the errors CSV");
    await page.goto(`${base}sources?lang=en`);
    if (!((await page.locator("#sources").textContent()) ?? "").includes("hotline-2024.csv")) problems.push("the source is not listed");
    await page.screenshot({ path: `${shots}/sources-en-js.png`, fullPage: true });
    await context.close();
  }
  {
    const { context, page } = await session(false);
    const status = await upload(page, "es", "Importar");
    if (!status.includes("ya está importado")) problems.push(`second upload: ${status}`);
    await page.screenshot({ path: `${shots}/import-again-es-nojs.png`, fullPage: true });
    await context.close();
  }
  {
    const { context, page } = await session(true);
    await page.goto(`${base}sources?lang=fr`);
    const csv = await downloaded(page, page.locator("#export-links").getByRole("link", { name: "CTDC format A (CSV)" }));
    const rows = csv.trim().split("\n").length - 1;
    if (rows !== Number(imported)) problems.push(`export has ${rows} records, expected ${imported}`);
    await page.getByRole("link", { name: /^Supprimer la source/ }).first().click();
    await page.waitForLoadState();
    if ((await page.title()) !== "Supprimer la source · Faro") problems.push(`confirmation title "${await page.title()}"`);
    const facts = (await page.locator("#what-goes").textContent()) ?? "";
    // Counts are grouped the French way (a narrow no-break space between thousands).
    const french = Number(imported).toLocaleString("fr");
    if (!facts.includes(french)) problems.push(`the confirmation does not say ${french} records: ${facts}`);
    await page.screenshot({ path: `${shots}/delete-fr-js.png`, fullPage: true });
    await page.getByLabel("Je comprends que cela ne peut pas être annulé.").check();
    await page.locator("#confirm-form").getByRole("button", { name: "Supprimer la source" }).click();
    await page.waitForLoadState();
    if (!((await page.locator(".notice").textContent()) ?? "").includes("ont été supprimés")) problems.push("no deletion notice");
    await page.screenshot({ path: `${shots}/deleted-fr-js.png`, fullPage: true });
    await context.close();
  }
} finally {
  await browser.close();
}
report(problems, "data page ok");
