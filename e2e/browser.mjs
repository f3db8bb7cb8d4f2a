// What every browser check shares: Debian's chromium started as this machine allows, pages
// watched for requests to other hosts and for console and page errors, and the exit code.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export async function launch() {
  return chromium.launch({
    executablePath: process.env.FARO_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// A new page of `context` whose problems are pushed to `problems`. A console error for which
// `expected(text)` is true is not one (a 401 the check asked for).
export async function watchedPage(context, origin, problems, expected = () => false) {
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on("request", (r) => { if (!r.url().startsWith(origin)) problems.push(`request to another host: ${r.url()}`); });
  page.on("console", (m) => {
    if (m.type() === "error" && !expected(m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return page;
}

// Ends the check: exit 1 with the problems on stderr, or print `ok`.
export function report(problems, ok) {
  if (problems.length) {
    console.error(problems.join("\n"));
    process.exit(1);
  }
  console.log(ok);
}

// Signs in at /sign-in in English with `email` and `password`.
export async function signIn(page, base, email, password) {
  await page.goto(`${base}sign-in?lang=en`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForLoadState();
}

// The serious and critical accessibility violations axe-core finds on `page` (the context must
// bypass the page's script policy to run it), each as "rule: where".
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  return found;
}

// Pushes to `problems` what is wrong with `page` as `run` ({ js, width }) sees it: wider than
// the screen (naming the element that sticks out, so that the fix is where it should be) and,
// with JavaScript, axe-core's serious violations.
export async function checkRun(page, run, where, problems) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wide > run.width) {
    const culprit = await page.evaluate((w) => {
      const out = [...document.querySelectorAll("main *:not(svg *)")].find((e) => e.getBoundingClientRect().right > w);
      return out ? `${out.tagName.toLowerCase()}#${out.id}.${out.className}` : "";
    }, run.width);
    problems.push(`${where}: ${wide}px wide on a ${run.width}px screen (${culprit})`);
  }
  if (run.js) for (const v of await axeViolations(page)) problems.push(`${where}: ${v}`);
}

// Submits the form matched by `form` (its first submit button) and waits for the next page.
export async function submit(page, form) {
  await page.locator(`${form} button[type=submit]`).first().click();
  await page.waitForLoadState();
}
