// Browser check of a referral between two Faro instances, run by
// crates/faro-web/tests/it/browser.rs.
// Usage: node exchange.mjs MADRID_URL LISBOA_URL MADRID_ADMIN MADRID_WORKER LISBOA_ADMIN LISBOA_WORKER PASSWORD CASES SHOTS_DIR
// (CASES: one consented case of Madrid per run, comma-separated.)
// Each instance's admin copies its card into the other's Instances page, and the fingerprint
// each side sees is the other's own. Then, in English, Spanish and French, without and with
// JavaScript, on a desktop and a 390-px phone: a Madrid case worker refers a case to a provider
// on the Lisboa instance and downloads the package; a Lisboa case worker imports it (a second
// import is refused), reads what was shared and accepts it into a case. axe-core finds
// nothing serious; no page is wider than the screen.
import { checkRun, launch, report, signIn, submit, watchedPage } from "./browser.mjs";

const [madrid, lisboa, madridAdmin, madridWorker, lisboaAdmin, lisboaWorker, password, casesArg, shots] = process.argv.slice(2);
const cases = casesArg.split(",");
const browser = await launch();
const problems = [];

const runs = [
  { lang: "en", js: false, width: 1280 },
  { lang: "es", js: true, width: 390 },
  { lang: "fr", js: false, width: 390 },
  { lang: "fr", js: true, width: 1280 },
];

// A second import answers 409, which the browser logs; nothing else may.
async function person(base, email, run, refused = false) {
  const context = await browser.newContext({ javaScriptEnabled: run.js, bypassCSP: run.js, viewport: { width: run.width, height: 900 }, acceptDownloads: true });
  const page = await watchedPage(context, new URL(base).origin, problems, (text) => refused && text.includes("status of 409"));
  await signIn(page, base, email, password);
  return { context, page };
}

const check = (page, run, where) => checkRun(page, run, where, problems);

// The admin of `from` gives its card to the admin of `to`, who adds it as `name`.
async function exchange(fromBase, fromAdmin, toBase, toAdmin, name, run) {
  const from = await person(fromBase, fromAdmin, run);
  await from.page.goto(`${fromBase}admin/instances`);
  const card = (await from.page.locator("#card").inputValue()).trim();
  const fingerprint = (await from.page.locator("#fingerprint").textContent()).trim();
  await from.context.close();
  const to = await person(toBase, toAdmin, run);
  await to.page.goto(`${toBase}admin`);
  await to.page.locator("#instances").click();
  await to.page.waitForLoadState();
  await to.page.locator("#name").fill(name);
  await to.page.locator("#partner-card").fill(card);
  await submit(to.page, "#add");
  const row = to.page.locator("#partners tr", { hasText: name });
  if (!(await row.count())) problems.push(`${name} was not added: ${await to.page.locator("[role=alert]").allTextContents()}`);
  else if (!(await row.textContent()).includes(fingerprint)) problems.push(`${name}: the fingerprint shown is not the instance's own`);
  await check(to.page, run, `${name} instances`);
  return to;
}

try {
  const setup = runs[3];
  const added = await exchange(lisboa, lisboaAdmin, madrid, madridAdmin, "Faro Lisboa", { ...setup, lang: "en" });
  await added.page.screenshot({ path: `${shots}/instances-en-js-1280.png`, fullPage: true });
  await added.context.close();
  (await exchange(madrid, madridAdmin, lisboa, lisboaAdmin, "Faro Madrid", setup)).context.close();
  for (const [i, run] of runs.entries()) {
    const tag = `${run.lang}-${run.js ? "js" : "nojs"}-${run.width}`;
    const q = (base, path) => `${base}${path}${path.includes("?") ? "&" : "?"}lang=${run.lang}`;
    const red = await person(madrid, madridWorker, run);
    await red.page.goto(q(madrid, `referrals/new?case=${cases[i]}`));
    await red.page.locator("#provider_name").fill("Casa Abrigo, Lisboa");
    await red.page.locator("#provider_language").fill("pt");
    await red.page.locator("#instance").selectOption({ label: "Faro Lisboa" });
    await red.page.locator("#partner_kind").selectOption("shelter");
    await red.page.locator("#need").selectOption("safe_housing");
    await red.page.locator("#urgency").selectOption("urgent");
    await red.page.locator("#shared input[value=name]").check();
    await red.page.locator("#note").fill(`Arrives by bus ${i}`);
    await check(red.page, run, `${tag} referral form`);
    await submit(red.page, "#refer");
    if (!(await red.page.locator("#package-file").count())) { problems.push(`${tag}: no package to download (${red.page.url()}): ${await red.page.locator("[role=alert]").allTextContents()}`); continue; }
    await check(red.page, run, `${tag} referral sent`);
    const [download] = await Promise.all([red.page.waitForEvent("download"), red.page.locator("#package-file").click()]);
    const file = `${shots}/package-${tag}.json`;
    await download.saveAs(file);
    await red.context.close();
    // The receiver imports it once, reads it, accepts it.
    const blue = await person(lisboa, lisboaWorker, run, true);
    await blue.page.goto(q(lisboa, "referrals"));
    await blue.page.locator("#received").click();
    await blue.page.waitForLoadState();
    await check(blue.page, run, `${tag} import form`);
    await blue.page.locator("#package").setInputFiles(file);
    await submit(blue.page, "#import");
    if (!(await blue.page.locator("#package", { hasText: `Aïcha Benali ${i}` }).count())) problems.push(`${tag}: the person shared is not shown after the import: ${await blue.page.locator("[role=alert]").allTextContents()}`);
    await check(blue.page, run, `${tag} received`);
    await submit(blue.page, "#step-accept");
    if (!(await blue.page.locator("#received-case").count())) problems.push(`${tag}: accepting opened no case`);
    await blue.page.screenshot({ path: `${shots}/received-${tag}.png`, fullPage: true });
    await blue.page.goto(q(lisboa, "referrals/received"));
    await blue.page.locator("#package").setInputFiles(file);
    await submit(blue.page, "#import");
    if (!(await blue.page.locator("#error").count())) problems.push(`${tag}: a second import of the same package was not refused`);
    await check(blue.page, run, `${tag} replay refused`);
    await blue.context.close();
  }
} finally {
  await browser.close();
}
report(problems, "a referral package moved between two instances in three languages");
