// Browser check of the directory and referrals as two organisations use them, run by
// crates/faro-web/tests/it/browser.rs.
// Usage: node referrals.mjs BASE_URL RED_WORKER RED_SUPERVISOR BLUE_WORKER PASSWORD CASES BARE_CASES FEED SHOTS_DIR
// (CASES and BARE_CASES: one case id per run, comma-separated; the first consented to referral
// and to sharing identity, the second to nothing. FEED: an HSDS feed page the supervisor, an
// admin, imports from the directory's page first.)
// In English, Spanish and French, without and with JavaScript, on a desktop and a 390-px
// phone: a case worker finds a shelter near Madrid on the directory's map and refers a
// consented case to the organisation keeping it, which accepts it, records a service and marks
// it done; the sender sees it done. A referral without consent is refused and sent by a
// supervisor's override with a reason; an external referral's letter prints in the provider's
// and the person's languages. axe-core finds nothing serious; no page is wider than the screen.
import { checkRun, launch, report, signIn, submit, watchedPage } from "./browser.mjs";

const [base, redWorker, redSupervisor, blueWorker, password, casesArg, bareArg, feed, shots] = process.argv.slice(2);
const cases = casesArg.split(",");
const bare = bareArg.split(",");
const origin = new URL(base).origin;
const browser = await launch();
const problems = [];

const runs = [
  { lang: "en", js: false, width: 1280 },
  { lang: "es", js: true, width: 390 },
  { lang: "fr", js: false, width: 390 },
  { lang: "fr", js: true, width: 1280 },
];

// The sender's refused referral answers 422, which the browser logs; nothing else may.
async function person(email, run, refused = false) {
  const context = await browser.newContext({ javaScriptEnabled: run.js, bypassCSP: run.js, viewport: { width: run.width, height: 900 } });
  const page = await watchedPage(context, origin, problems, (text) => refused && text.includes("status of 422"));
  await signIn(page, base, email, password);
  return { context, page };
}

const check = (page, run, where) => checkRun(page, run, where, problems);

// Fills the referral form's common part.
async function describe(page, note) {
  await page.locator("#partner_kind").selectOption("shelter");
  await page.locator("#need").selectOption("safe_housing");
  await page.locator("#urgency").selectOption("urgent");
  await page.locator("#shared input[value=name]").check();
  await page.locator("#note").fill(note);
}

const referralOf = (url) => (url.match(/\/referrals\/(\d+)/) ?? [])[1];

try {
  // An admin imports the organisation's directory from an HSDS feed; the job's page refreshes
  // itself (no script needed) until its summary.
  {
    const run = { lang: "en", js: false, width: 1280 };
    const admin = await person(redSupervisor, run);
    await admin.page.goto(`${base}directory`);
    await admin.page.locator("#import-link").click();
    await admin.page.waitForLoadState();
    await check(admin.page, run, "directory import form");
    await admin.page.locator("#audience").selectOption("partners");
    await admin.page.locator("#file").setInputFiles(feed);
    await submit(admin.page, "#import");
    try {
      await admin.page.locator("#summary").waitFor({ timeout: 20000 });
      if (!(await admin.page.locator("#summary", { hasText: "3 added" }).count())) problems.push(`the directory import says ${await admin.page.locator("#summary").textContent()}`);
    } catch {
      problems.push(`the directory import did not end: ${await admin.page.locator("main").textContent()}`);
    }
    await check(admin.page, run, "directory import done");
    await admin.page.screenshot({ path: `${shots}/directory-import-en-nojs-1280.png`, fullPage: true });
    await admin.context.close();
  }
  for (const [i, run] of runs.entries()) {
    const tag = `${run.lang}-${run.js ? "js" : "nojs"}-${run.width}`;
    const q = (path) => `${base}${path}${path.includes("?") ? "&" : "?"}lang=${run.lang}`;
    const red = await person(redWorker, run, true);
    // The directory: a shelter near Madrid, on the map and in the list.
    await red.page.goto(q(`directory?case=${cases[i]}`));
    await red.page.locator("#place").fill("Madrid");
    await submit(red.page, "form[role=search]");
    if (!(await red.page.locator("#hits li").count())) problems.push(`${tag}: no service found near Madrid`);
    if (!(await red.page.locator("svg.nearby").count())) problems.push(`${tag}: no map of the services found`);
    await red.page.screenshot({ path: `${shots}/directory-${tag}.png`, fullPage: true });
    await check(red.page, run, `${tag} directory`);
    await red.page.locator("#hits li a.button").first().click();
    await red.page.waitForLoadState();
    if (!(await red.page.locator("#chosen").count())) problems.push(`${tag}: the chosen service is not on the referral form`);
    await check(red.page, run, `${tag} referral form`);
    await describe(red.page, `Arrives tonight ${i}`);
    await submit(red.page, "#refer");
    const id = referralOf(red.page.url());
    if (!id) { problems.push(`${tag}: no referral sent (${red.page.url()}): ${await red.page.locator("[role=alert]").allTextContents()}`); continue; }
    // The receiver accepts it, records a service, marks it done.
    const blue = await person(blueWorker, run);
    await blue.page.goto(q("referrals?list=in"));
    if (!(await blue.page.locator(`a[href="/referrals/${id}"]`).count())) problems.push(`${tag}: the referral is not among those received`);
    await check(blue.page, run, `${tag} referrals in`);
    await blue.page.goto(q(`referrals/${id}`));
    if (!(await blue.page.locator("#package", { hasText: "Aïcha" }).count())) problems.push(`${tag}: the name shared is not shown to the receiver`);
    await check(blue.page, run, `${tag} referral received`);
    await submit(blue.page, "#step-accept");
    if (!(await blue.page.locator("#received-case").count())) problems.push(`${tag}: accepting opened no case`);
    await blue.page.locator("#note-deliver").fill("Room 3");
    await submit(blue.page, "#step-deliver");
    await submit(blue.page, "#step-done");
    await blue.page.screenshot({ path: `${shots}/referral-in-${tag}.png`, fullPage: true });
    await blue.context.close();
    // The sender sees it done, and marked as changed.
    await red.page.goto(q("referrals?list=out"));
    if (!(await red.page.locator("tr.news", { hasText: `#${id}` }).count())) problems.push(`${tag}: the change is not marked for the sender`);
    await check(red.page, run, `${tag} referrals out`);
    await red.page.goto(q(`referrals/${id}`));
    if ((await red.page.locator("#history li").count()) !== 4) problems.push(`${tag}: the sender does not see the four steps`);
    if (!(await red.page.locator("#history", { hasText: "Room 3" }).count())) problems.push(`${tag}: the service delivered is not shown to the sender`);
    // Without consent: refused; a supervisor overrides with a reason.
    await red.page.goto(q(`directory?case=${bare[i]}&place=Madrid`));
    await red.page.locator("#hits li a.button").first().click();
    await red.page.waitForLoadState();
    const form = red.page.url();
    await describe(red.page, "No consent yet");
    await submit(red.page, "#refer");
    if (!(await red.page.locator("#error").count()) || referralOf(red.page.url())) problems.push(`${tag}: a referral without consent was not refused`);
    await check(red.page, run, `${tag} refused`);
    const sup = await person(redSupervisor, run);
    await sup.page.goto(form.includes("lang=") ? form : `${form}&lang=${run.lang}`);
    await describe(sup.page, "Override");
    await sup.page.locator("#override summary").click();
    await sup.page.locator("#override_reason").selectOption("imminent_danger");
    await sup.page.locator("#override_note").fill("Threatened this morning");
    await submit(sup.page, "#refer");
    if (!(await sup.page.locator("#overridden").count())) problems.push(`${tag}: the override was not recorded (${sup.page.url()})`);
    await sup.context.close();
    // An external referral and its letter.
    await red.page.goto(q(`referrals/new?case=${cases[i]}`));
    await red.page.locator("#provider_name").fill("Clínica San Roque");
    await red.page.locator("#provider_contact").fill("+34 910 000 111");
    await red.page.locator("#provider_language").fill("es");
    await describe(red.page, "Needs a doctor who speaks French");
    await red.page.locator("#need").selectOption("medical");
    await submit(red.page, "#refer");
    await red.page.locator("#letter").click();
    await red.page.waitForLoadState();
    const langs = await red.page.locator("article.letter").evaluateAll((a) => a.map((x) => x.lang));
    if (langs.join(",") !== "es,fr") problems.push(`${tag}: the letter is in ${langs} rather than the provider's and the person's languages`);
    await check(red.page, run, `${tag} letter`);
    await red.page.screenshot({ path: `${shots}/letter-${tag}.png`, fullPage: true });
    await red.context.close();
  }
} finally {
  await browser.close();
}
report(problems, "a shelter was found and a case referred, accepted and served in three languages");
