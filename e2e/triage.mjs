// Browser check of a report's suggestions in the inbox, run by crates/faro-web/tests/it/browser.rs.
// Usage: node triage.mjs BASE_URL OPERATOR_EMAIL ANALYST_EMAIL PASSWORD REPORT_ID SHOTS_DIR
// The inbox list, filtered by the language triage read and the form it suggested. In English,
// Spanish and French, with JavaScript on a desktop and without it on a 390-px phone:
// the operator reads the verdict and the suggested codes with the words behind each quoted and
// highlighted in the reporter's text, and the personal data marked; accepts the suggestions in
// one click, then corrects them in the codes form (one means unticked, another ticked), and the
// report keeps the correction; the masked view hides who is in it. An analyst reads the same
// report with every identity masked. axe-core finds nothing serious; nothing is wider than the
// screen.
import { checkRun, launch, report, signIn, watchedPage } from "./browser.mjs";

const [base, operator, analyst, password, id, shots] = process.argv.slice(2);
const origin = new URL(base).origin;
const browser = await launch();
const problems = [];
const runs = [
  { lang: "en", js: true, width: 1280 },
  { lang: "es", js: false, width: 390 },
  { lang: "fr", js: true, width: 390 },
  { lang: "es", js: true, width: 1280 },
  { lang: "fr", js: false, width: 1280 },
  { lang: "en", js: false, width: 390 },
];
const text = async (page, selector) => ((await page.locator(selector).allTextContents()).join(" "));
try {
  {
    // The inbox list on a phone without JavaScript, in French: filtered by the language triage
    // read and the form it suggested, the report is there with its suggestion; in another
    // language it is not.
    const run = { lang: "fr", js: false, width: 390 };
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 900 } });
    const page = await watchedPage(context, origin, problems);
    await signIn(page, base, operator, password);
    await page.goto(`${base}inbox?lang=fr`);
    await page.locator("select[name=written]").selectOption("es");
    await page.locator("select[name=suggested]").selectOption("forced_labour");
    await page.locator("form.filters button[type=submit]").first().click();
    await page.waitForLoadState();
    const row = page.locator(`tr:has(a[href="/inbox/${id}"])`);
    if ((await row.count()) !== 1) problems.push("the list filtered by suggestion and language lacks the report");
    else if (!(await row.textContent()).includes("Suggéré")) problems.push("the list does not show what triage suggested");
    await checkRun(page, run, "inbox filtered by suggestion", problems);
    await page.screenshot({ path: `${shots}/inbox-suggested-fr-390-nojs.png`, fullPage: true });
    await page.goto(`${base}inbox?lang=fr&written=fr`);
    if ((await page.locator(`a[href="/inbox/${id}"]`).count()) !== 0) problems.push("a Spanish report is listed as written in French");
    await context.close();
  }
  for (const [i, run] of runs.entries()) {
    const where = `${run.lang} ${run.js ? "js" : "nojs"} ${run.width}`;
    const context = await browser.newContext({ javaScriptEnabled: run.js, bypassCSP: run.js, viewport: { width: run.width, height: 900 } });
    const page = await watchedPage(context, origin, problems);
    await signIn(page, base, operator, password);
    await page.goto(`${base}inbox/${id}?lang=${run.lang}`);
    if (!(await text(page, "#verdict")).match(/\d+\s?%/)) problems.push(`${where}: no verdict with its score`);
    if ((await page.locator("ul.suggested li q").count()) < 3) problems.push(`${where}: suggestions without the words behind them`);
    if ((await page.locator("#triage-text mark.evidence").count()) < 3) problems.push(`${where}: the supporting words are not highlighted`);
    const marked = await text(page, "#triage-text mark.pii");
    if (!marked.includes("Rosa Quispe") || !marked.includes("655 203 118")) problems.push(`${where}: personal data not marked: ${marked}`);
    await checkRun(page, run, `report ${where}`, problems);
    await page.screenshot({ path: `${shots}/suggestions-${run.lang}-${run.width}-${run.js ? "js" : "nojs"}.png`, fullPage: true });
    if (i === runs.length - 1) {
      await page.locator("#accept-suggestions button").click();
      await page.waitForLoadState();
      const codes = page.locator("details:has(input[name=means])");
      await codes.locator("summary").click();
      if (!(await codes.locator("input[name=means][value=withholds_documents]").isChecked())) problems.push("accepting did not tick the suggested means");
      await codes.locator("input[name=means][value=restricts_movement]").uncheck();
      await codes.locator("input[name=means][value=threats]").check();
      await codes.locator("button[type=submit]").click();
      await page.waitForLoadState();
      await page.goto(`${base}inbox/${id}?lang=en`);
      const kept = page.locator("details:has(input[name=means])");
      if (await kept.locator("input[name=means][value=restricts_movement]").isChecked()) problems.push("the correction did not untick a suggestion");
      if (!(await kept.locator("input[name=means][value=threats]").isChecked())) problems.push("the correction did not tick its own code");
      await page.locator("#show-masked").click();
      await page.waitForLoadState();
      const body = (await page.locator("main").textContent()) ?? "";
      if (body.includes("Rosa Quispe") || body.includes("655 203 118")) problems.push("the masked view shows who is in the report");
    }
    await context.close();
  }
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 900 } });
  const page = await watchedPage(context, origin, problems);
  await signIn(page, base, analyst, password);
  await page.goto(`${base}inbox/${id}?lang=es`);
  const body = (await page.locator("main").textContent()) ?? "";
  if (body.includes("Rosa Quispe") || body.includes("655 203 118")) problems.push("an analyst sees who is in the report");
  if (!body.includes("[name]")) problems.push("the analyst's view does not say what was masked");
  await page.screenshot({ path: `${shots}/suggestions-analyst-es-390-nojs.png`, fullPage: true });
  await context.close();
} finally {
  await browser.close();
}
report(problems, "suggestions are read, accepted and corrected in three languages, with and without JavaScript");
