// Browser check of a provider's yearly update, run by crates/faro-web/tests/it/browser.rs.
// Usage: node directory_update.mjs BASE_URL ADMIN_EMAIL PASSWORD SERVICE_ID SHOTS_DIR
// In English, Spanish and French, without and with JavaScript, on a desktop and a 390-px
// phone: the admin makes a link for the entry; the provider, signed out, opens it, is told a
// bad e-mail beside its field, corrects it and sends once (the link then refuses); the admin
// reads the change and accepts it. axe-core finds nothing serious; no page is wider than the
// screen.
import { checkRun, launch, report, signIn, submit, watchedPage } from "./browser.mjs";

const [base, admin, password, service, shots] = process.argv.slice(2);
const browser = await launch();
const problems = [];

const runs = [
  { lang: "en", js: false, width: 1280 },
  { lang: "es", js: true, width: 390 },
  { lang: "fr", js: false, width: 390 },
  { lang: "fr", js: true, width: 1280 },
];

// A refused form answers 422 and a used link 404, which the browser logs; nothing else may.
async function visitor(run, email) {
  const context = await browser.newContext({ javaScriptEnabled: run.js, bypassCSP: run.js, viewport: { width: run.width, height: 900 } });
  const page = await watchedPage(context, new URL(base).origin, problems, (t) => t.includes("status of 422") || t.includes("status of 404"));
  if (email) await signIn(page, base, email, password);
  return { context, page };
}

try {
  for (const [i, run] of runs.entries()) {
    const tag = `${run.lang}-${run.js ? "js" : "nojs"}-${run.width}`;
    const check = (page, where) => checkRun(page, run, `${tag} ${where}`, problems);
    const keeper = await visitor(run, admin);
    await keeper.page.goto(`${base}directory/services/${service}?lang=${run.lang}`);
    await check(keeper.page, "entry");
    await submit(keeper.page, "#update-link");
    const link = ((await keeper.page.locator("#link").textContent()) ?? "").trim();
    if (!link.includes("/directory/update?token=")) { problems.push(`${tag}: no link on the letter (${keeper.page.url()})`); continue; }
    await check(keeper.page, "letter");
    if (i === 0) await keeper.page.screenshot({ path: `${shots}/update-letter-${tag}.png`, fullPage: true });

    const provider = await visitor(run);
    await provider.page.goto(`${link}&lang=${run.lang}`);
    await check(provider.page, "form");
    await provider.page.locator("#email").fill("nobody");
    await provider.page.locator("#beds_free").fill(String(i + 2));
    // The browser's own check of an e-mail field would stop the form before the server sees it.
    await provider.page.locator("#update").evaluate((f) => f.setAttribute("novalidate", ""));
    await submit(provider.page, "#update");
    if (!(await provider.page.locator("#email-problem").count())) problems.push(`${tag}: a bad e-mail was not named beside its field`);
    if ((await provider.page.locator("#beds_free").inputValue()) !== String(i + 2)) problems.push(`${tag}: the refused form lost what was typed`);
    await check(provider.page, "form refused");
    await provider.page.screenshot({ path: `${shots}/update-refused-${tag}.png`, fullPage: true });
    await provider.page.locator("#email").fill("casa@example.org");
    await provider.page.locator("#languages").fill("es, fr");
    await provider.page.locator("#note").fill(`Opening hours changed (${tag})`);
    await submit(provider.page, "#update");
    if (!(await provider.page.locator("#message").count())) problems.push(`${tag}: no confirmation after sending`);
    await check(provider.page, "thanks");
    await provider.page.goto(`${link}&lang=${run.lang}`);
    if (!(await provider.page.locator("#message").count())) problems.push(`${tag}: a used link did not say so`);
    await provider.context.close();

    await keeper.page.goto(`${base}directory/updates?lang=${run.lang}`);
    await check(keeper.page, "updates");
    await keeper.page.locator("#updates tbody tr").first().locator("a").click();
    await keeper.page.waitForLoadState();
    if (!(await keeper.page.locator("#note", { hasText: tag }).count())) problems.push(`${tag}: the provider's note is not on the review`);
    await check(keeper.page, "review");
    if (i === 1) await keeper.page.screenshot({ path: `${shots}/update-review-${tag}.png`, fullPage: true });
    await submit(keeper.page, "#accept");
    if (await keeper.page.locator("#accept").count()) problems.push(`${tag}: still to decide after accepting: ${await keeper.page.locator("[role=alert]").allTextContents()}`);
    await keeper.context.close();
  }
} finally {
  await browser.close();
}
report(problems, "a provider's yearly update went through in three languages");
