// Browser check of case management as its three people use it, run by
// crates/faro-web/tests/it/browser.rs.
// Usage: node cases.mjs BASE_URL OPERATOR SUPERVISOR WORKER PASSWORD REPORT_ID WORKER_NAME TEAM SHOTS_DIR
// In English, Spanish and French, without and with JavaScript, on a desktop and a 390-px
// phone: an operator opens a case from a report after searching for the person; the team's
// supervisor assigns it; the case worker records consent (one on paper, its scan attached), an assessment, a safety plan, a
// delivered service and a task already due, which then shows first in "what needs my action";
// the plan and the closure wait for the supervisor, who approves them; a second editor's
// save is refused with what changed; the person's printed summary speaks their language and
// holds the safety plan only when asked. axe-core finds nothing serious; no page is wider than
// the screen.
import { checkRun, launch, report, signIn, submit, watchedPage } from "./browser.mjs";

const [base, operator, supervisor, worker, password, reportId, workerName, team, shots] = process.argv.slice(2);
const origin = new URL(base).origin;
const browser = await launch();
const problems = [];

const runs = [
  { lang: "en", js: false, width: 1280 },
  { lang: "es", js: true, width: 390 },
  { lang: "fr", js: false, width: 390 },
  { lang: "fr", js: true, width: 1280 },
];

async function person(email, run) {
  const context = await browser.newContext({ javaScriptEnabled: run.js, bypassCSP: run.js, viewport: { width: run.width, height: 900 } });
  const page = await watchedPage(context, origin, problems);
  await signIn(page, base, email, password);
  return { context, page };
}

const check = (page, run, where) => checkRun(page, run, where, problems);

// A one-pixel PNG: the picture of a signed form, as far as this check cares.
const PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

const alertText = async (page) => ((await page.locator("[role=alert]").allTextContents()).join(" "));

try {
  for (const [i, run] of runs.entries()) {
    const tag = `${run.lang}-${run.js ? "js" : "nojs"}-${run.width}`;
    const name = `Persona ${i} Quintero`;
    const q = (path) => `${base}${path}${path.includes("?") ? "&" : "?"}lang=${run.lang}`;
    // The operator: from the report to a new case, searching first.
    const op = await person(operator, run);
    await op.page.goto(q(`inbox/${reportId}`));
    await op.page.locator("#open-case").click();
    await op.page.waitForLoadState();
    await op.page.locator("input[name=q]").fill(name);
    await submit(op.page, "form[role=search]");
    if ((await op.page.locator("#matches").count()) !== 1) problems.push(`${tag}: the search said nothing`);
    await check(op.page, run, `${tag} new case`);
    await op.page.locator("#name").fill(name);
    await submit(op.page, "form[action='/cases/new'][method=post]");
    const match = op.page.url().match(/\/cases\/(\d+)/);
    if (!match) { problems.push(`${tag}: no case opened (${op.page.url()})`); continue; }
    const id = match[1];
    const caseUrl = (tab) => q(`cases/${id}${tab ? `?tab=${tab}` : ""}`);
    await op.context.close();
    // The supervisor sees it waiting and assigns it.
    const sup = await person(supervisor, run);
    await sup.page.goto(q("cases"));
    if (!(await sup.page.locator(".panel", { hasText: name }).count())) problems.push(`${tag}: the new case is not among those waiting`);
    await check(sup.page, run, `${tag} cases`);
    await sup.page.goto(caseUrl());
    await sup.page.locator("#assignee").selectOption({ label: workerName });
    await sup.page.locator("#team").selectOption({ label: team });
    await submit(sup.page, "#assign");
    // The case worker records what the person said and needs.
    const wk = await person(worker, run);
    await wk.page.goto(caseUrl());
    await submit(wk.page, "#steps form");
    await wk.page.goto(caseUrl("consent"));
    await wk.page.locator("#purpose").selectOption("statistics");
    await wk.page.locator("#state").selectOption("given");
    await submit(wk.page, "form:has(input[value=consent])");
    if (!(await wk.page.locator("table", { hasText: "" }).count())) problems.push(`${tag}: no consent listed`);
    // A consent on paper: recorded, then its scan attached from the form the tab offers.
    await wk.page.locator("#purpose").selectOption("services");
    await wk.page.locator("#means").selectOption("signed_form");
    await submit(wk.page, "form:has(input[value=consent])");
    await check(wk.page, run, `${tag} consent`);
    const scanField = wk.page.locator("input[name=scan]");
    if ((await scanField.count()) !== 1) problems.push(`${tag}: no form for the signed form's scan`);
    else {
      await scanField.setInputFiles({ name: "form.png", mimeType: "image/png", buffer: Buffer.from(PIXEL, "base64") });
      await submit(wk.page, "form:has(input[name=scan])");
      const link = wk.page.locator("a[href*='/scan']");
      if ((await link.count()) !== 1) problems.push(`${tag}: the scan is not linked (${await alertText(wk.page)})`);
      else {
        const got = await wk.page.request.get(new URL(await link.getAttribute("href"), base).href);
        if (got.status() !== 200 || got.headers()["content-type"] !== "image/jpeg") problems.push(`${tag}: the scan answers ${got.status()}`);
      }
      await check(wk.page, run, `${tag} consent with its scan`);
    }
    await wk.page.goto(caseUrl("plans"));
    await wk.page.locator("#assessment-needs").fill("A safe place and a doctor");
    await submit(wk.page, "#plan-assessment");
    await wk.page.locator("#safety-risks").fill("The recruiter knows her sister");
    await wk.page.locator("#safety-if_contacted").fill("Call the hotline at once");
    await submit(wk.page, "#plan-safety");
    if (!(await wk.page.locator("#safety-risks").inputValue()).includes("recruiter")) problems.push(`${tag}: the safety plan was not kept`);
    await wk.page.goto(caseUrl("services"));
    await wk.page.locator("#service").selectOption("medical");
    await wk.page.locator("#status").selectOption("delivered");
    await wk.page.locator("#delivered").fill("2026-01-05");
    await wk.page.locator("#provider").fill("Clínica San Juan");
    await submit(wk.page, "#add-service");
    if (!(await wk.page.locator(".panel", { hasText: "Clínica San Juan" }).count())) problems.push(`${tag}: the service is not shown`);
    // The person's printed summary: in the run's language (the person gave none), the
    // service on it, the safety plan only once asked for through the form (no JavaScript).
    await wk.page.goto(caseUrl("links"));
    await wk.page.locator("#print-summary").click();
    await wk.page.waitForLoadState();
    if (!(await wk.page.locator("main", { hasText: "Clínica San Juan" }).count())) problems.push(`${tag}: the summary lacks the service`);
    if (await wk.page.locator("#safety").count()) problems.push(`${tag}: the summary shows the safety plan unasked`);
    await wk.page.locator("input[name=safety]").check();
    await submit(wk.page, "form.summary-choice");
    if (!(await wk.page.locator("#safety", { hasText: "Call the hotline at once" }).count())) problems.push(`${tag}: the safety plan was asked for and is not shown`);
    if ((await wk.page.locator("html").getAttribute("lang")) !== run.lang) problems.push(`${tag}: the summary is not in ${run.lang}`);
    await check(wk.page, run, `${tag} summary`);
    await wk.page.screenshot({ path: `${shots}/summary-${tag}.png`, fullPage: true });
    await wk.page.goto(caseUrl("tasks"));
    await wk.page.locator("#title").fill(`Court date ${i}`);
    await wk.page.locator("#due").fill("2020-01-01");
    await submit(wk.page, "#add-task");
    await wk.page.goto(q("cases"));
    const first = (await wk.page.locator(".panel").first().textContent()) ?? "";
    if (!first.includes(`Court date ${i}`)) problems.push(`${tag}: the overdue task is not first: ${first.slice(0, 120)}`);
    await check(wk.page, run, `${tag} my cases`);
    await wk.page.screenshot({ path: `${shots}/cases-${tag}.png`, fullPage: true });
    // The plan waits for the supervisor; the worker cannot approve it.
    await wk.page.goto(caseUrl());
    await submit(wk.page, "#steps form");
    if ((await wk.page.locator("#pending form").count()) !== 0) problems.push(`${tag}: the worker is offered to approve their own step`);
    await sup.page.goto(caseUrl());
    await submit(sup.page, "#pending form:has(input[value=approve])");
    await wk.page.goto(caseUrl());
    await submit(wk.page, "#steps form");
    await wk.page.locator("#close summary").click();
    await wk.page.locator("#reason").selectOption("goals_met");
    await wk.page.locator("#summary").fill("Housed, back at school");
    await submit(wk.page, "#close");
    await sup.page.goto(q("cases"));
    if (!(await sup.page.locator(".panel", { hasText: name }).count())) problems.push(`${tag}: the closure is not waiting for the supervisor`);
    await sup.page.goto(caseUrl());
    await submit(sup.page, "#pending form:has(input[value=approve])");
    await sup.page.goto(caseUrl("timeline"));
    const timeline = (await sup.page.locator("#timeline").textContent()) ?? "";
    if ((timeline.match(/\n|<tr/g) ?? []).length < 3 || !(await sup.page.locator("#steps button").count())) problems.push(`${tag}: the closed case has no timeline or no way to reopen`);
    await check(sup.page, run, `${tag} timeline`);
    await sup.page.screenshot({ path: `${shots}/case-${tag}.png`, fullPage: true });
    // Two editors from the same version: the second is refused with what changed.
    await sup.page.goto(caseUrl());
    await submit(sup.page, "#steps form"); // reopened
    const other = await wk.context.newPage();
    await wk.page.goto(caseUrl());
    await other.goto(caseUrl());
    await wk.page.locator("#name").fill(`${name} Ruiz`);
    await submit(wk.page, "form:has(input[value=person])");
    await other.locator("#name").fill(`${name} R.`);
    await submit(other, "form:has(input[value=person])");
    const said = await alertText(other);
    if (!said.includes("person.names")) problems.push(`${tag}: the second save was not refused with what changed: ${said}`);
    if ((await other.locator("#name").inputValue()) !== `${name} R.`) problems.push(`${tag}: the refused save lost what was typed`);
    await other.close();
    await sup.context.close();
    await wk.context.close();
  }
} finally {
  await browser.close();
}
report(problems, "a case went from a report to its closure in three languages");
