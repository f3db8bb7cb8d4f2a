// Browser check of public reporting and the inbox, run by crates/faro-web/tests/it/browser.rs.
// Usage: node report.mjs BASE_URL OPERATOR_EMAIL PASSWORD PHOTO SCREENSHOT_DIR
// A reporter sends a report with a photo in Spanish without JavaScript and one in French with
// it, keeps the receipt codes, and follows up in English; an operator finds both in the inbox,
// asks a question, the reporter answers it, the operator replies, promotes one report, marks
// the other a duplicate, answers a text message (which leaves through the SMS gateway) and
// takes a call. Prints the two receipt codes and the call's report
// number for the Rust test to check against the database. Fails (exit 1, reason on stderr)
// on a request to another host, a console error, or a step that does not show what it should.
import { launch, report, signIn, watchedPage } from "./browser.mjs";

const [base, email, password, photo, shots] = process.argv.slice(2);
const origin = new URL(base).origin;
const browser = await launch();
const problems = [];
const expect = (ok, what) => { if (!ok) problems.push(what); };
const text = async (page, selector) => ((await page.locator(selector).first().textContent()) ?? "").trim();

// A reporter's session: a fresh context, so no cookie survives from another step.
async function reporter(javaScriptEnabled, viewport = { width: 412, height: 915 }) {
  const context = await browser.newContext({ javaScriptEnabled, viewport });
  return { context, page: await watchedPage(context, origin, problems) };
}

async function sendReport({ lang, javaScriptEnabled, danger, what, country, sign, withPhoto, shotPrefix }) {
  const { context, page } = await reporter(javaScriptEnabled);
  await page.goto(`${base}report?lang=${lang}`);
  expect(await page.locator("#exit").count() === 1, `${lang}: no quick exit`);
  expect((await page.content()).length < 60_000, `${lang}: the start page is over 60 KB`);
  if (shotPrefix) await page.screenshot({ path: `${shots}/${shotPrefix}-start.png`, fullPage: true });
  await page.locator(`a[href*="danger=${danger ? "yes" : "no"}"]`).click();
  await page.waitForLoadState();
  expect((await page.locator(".emergency").count() === 1) === danger, `${lang}: emergency numbers ${danger ? "missing" : "shown"}`);
  const form = await page.content();
  expect(form.length < 60_000, `${lang}: the form is ${form.length} bytes`);
  await page.locator("#what").fill(what);
  await page.locator("#country").selectOption(country);
  await page.locator("#place").fill("Mercado central");
  await page.locator(`input[name="signs"][value="${sign}"]`).check();
  await page.locator('input[name="genders"][value="female"]').check();
  if (javaScriptEnabled) {
    // The optional map: opened around the chosen country, a tap in its middle marks a point.
    await page.locator("#map-picker button").first().click();
    const map = page.locator("svg.map-picker");
    await map.waitFor();
    const box = await map.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    expect((await page.locator("#lat").inputValue()) !== "", `${lang}: the map marked no point`);
  } else {
    expect(await page.locator("#map-picker").isHidden(), `${lang}: the map shows without JavaScript`);
  }
  if (withPhoto) await page.locator("#photos").setInputFiles(photo);
  if (shotPrefix) await page.screenshot({ path: `${shots}/${shotPrefix}-form.png`, fullPage: true });
  await page.locator('form.report button[type="submit"]').click();
  await page.waitForLoadState();
  const code = await text(page, "#receipt");
  expect(/^\d{4} \d{4} \d{4} \d{4}$/.test(code), `${lang}: no receipt code, page says: ${(await text(page, "main")).slice(0, 300)}`);
  expect(new URL(page.url()).pathname === "/report", `${lang}: the receipt is at ${page.url()}`);
  const cookies = (await context.cookies()).map((c) => c.name);
  expect(cookies.every((n) => n === "faro_form"), `${lang}: a reporter got cookies ${cookies}`);
  if (shotPrefix) await page.screenshot({ path: `${shots}/${shotPrefix}-receipt.png`, fullPage: true });
  await context.close();
  return code;
}

async function followUp(code, lang, javaScriptEnabled, answer, shot) {
  const { context, page } = await reporter(javaScriptEnabled);
  await page.goto(`${base}report/follow-up?lang=${lang}`);
  await page.locator("#code").fill(code.replaceAll(" ", "-"));
  await page.locator("form button[type=submit]").click();
  await page.waitForLoadState();
  const status = await text(page, ".status");
  let conversation = await text(page, "ol.conversation");
  if (answer) {
    await page.locator("#text").fill(answer);
    await page.locator("form button[type=submit]").click();
    await page.waitForLoadState();
    conversation = await text(page, "ol.conversation");
    expect(conversation.includes(answer), `follow-up: the answer is not shown`);
  }
  if (shot) await page.screenshot({ path: `${shots}/${shot}`, fullPage: true });
  await context.close();
  return { status, conversation };
}

try {
  const hostile = "<script>alert('x')</script>";
  const first = await sendReport({
    lang: "es", javaScriptEnabled: false, danger: true, country: "PT", sign: "documents_taken", withPhoto: true,
    what: `Mujeres encerradas en un piso encima del mercado; les quitaron el pasaporte. ${hostile}`, shotPrefix: "report-es",
  });
  const second = await sendReport({
    lang: "fr", javaScriptEnabled: true, danger: false, country: "PT", sign: "not_paid", withPhoto: true,
    what: "Les mêmes femmes, vues de nouveau au marché ; elles ne sont pas payées.", shotPrefix: "report-fr",
  });
  const seen = await followUp(first, "en", true, null, "follow-up-en.png");
  expect(seen.status === "New", `follow-up status "${seen.status}"`);
  expect(seen.conversation.includes(hostile), "the reporter's text is not shown as typed (escaped)");

  // The operator, on a laptop.
  const context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 1280, height: 900 } });
  const page = await watchedPage(context, origin, problems);
  await signIn(page, base, email, password);
  await page.locator("nav.sections").getByRole("link", { name: "Reports inbox" }).click();
  await page.waitForLoadState();
  expect((await page.title()) === "Reports inbox · Faro", `inbox title "${await page.title()}"`);
  const rows = page.locator("tbody tr");
  expect(await rows.count() === 3, `the inbox lists ${await rows.count()} reports (two from the form, one text message)`);
  expect((await rows.first().getAttribute("class")) === "urgent", "the urgent report is not first");
  await page.screenshot({ path: `${shots}/inbox-en.png`, fullPage: true });
  await page.locator("#status").count();
  await page.goto(`${base}inbox?urgent=true&lang=en`);
  expect(await page.locator("tbody tr").count() === 1, "the urgency filter does not filter");
  const firstLink = page.locator("tbody tr a").first();
  const firstId = (await firstLink.textContent()).trim().replace("#", "");
  await firstLink.click();
  await page.waitForLoadState();
  expect((await page.content()).includes("&lt;script&gt;"), "the report's text is not escaped");
  const img = page.locator("img.photo");
  expect(await img.count() === 1, "the photo is not shown");
  if (await img.count() === 1) {
    const width = await img.evaluate((i) => i.naturalWidth);
    expect(width > 0, "the photo does not load");
  }
  await page.locator("#text").fill("¿En qué calle está el piso?");
  await page.getByRole("button", { name: "Ask the reporter" }).click();
  await page.waitForLoadState();
  expect((await text(page, ".notice")).includes("question is sent"), "no notice after asking");
  await page.screenshot({ path: `${shots}/inbox-report-en.png`, fullPage: true });

  // The reporter answers without JavaScript.
  const answered = await followUp(first, "es", false, "Calle del Mercado 4, segundo piso", "follow-up-answer-es.png");
  expect(answered.conversation.includes("¿En qué calle está el piso?"), "the staff question is not shown to the reporter");

  await page.reload();
  expect((await text(page, "ol.conversation")).includes("Calle del Mercado 4"), "the answer is not in the inbox");
  await page.locator("#text").fill("Gracias. Lo hemos comunicado a la inspección.");
  await page.getByRole("button", { name: "Reply to the reporter" }).click();
  await page.waitForLoadState();
  await page.locator("summary", { hasText: "Promote" }).click();
  await page.getByRole("button", { name: "Make a record of it" }).click();
  await page.waitForLoadState();
  expect((await text(page, ".notice")).includes("now a record"), "promotion not confirmed");
  await page.goto(`${base}inbox?lang=en`);
  await page.locator("tbody tr a", { hasNotText: `#${firstId}` }).first().click();
  await page.waitForLoadState();
  await page.locator("summary", { hasText: "Promote" }).click();
  await page.locator("#of").fill(firstId);
  await page.getByRole("button", { name: "Mark as duplicate" }).click();
  await page.waitForLoadState();
  expect((await text(page, ".notice")).includes("duplicate"), "duplicate not confirmed");

  // The text message: the reply leaves through the SMS gateway.
  await page.goto(`${base}inbox?channel=sms&lang=en`);
  expect(await page.locator("tbody tr").count() === 1, "the channel filter does not filter");
  await page.locator("tbody tr a").first().click();
  await page.waitForLoadState();
  await page.locator("#text").fill("Gracias por escribir");
  await page.getByRole("button", { name: "Reply to the reporter" }).click();
  await page.waitForLoadState();
  expect((await text(page, ".notice")).includes("sent to the reporter's phone"), "the reply did not leave through the gateway");
  await page.screenshot({ path: `${shots}/inbox-sms-en.png`, fullPage: true });

  // A call, taken by the operator.
  await page.goto(`${base}inbox/new?lang=en`);
  await page.locator("#what").fill("Caller saw children selling flowers at night near the port.");
  await page.locator('input[name="ages"][value="children"]').check();
  await page.getByRole("button", { name: "Save the call's report" }).click();
  await page.waitForLoadState();
  const callCode = await text(page, "#receipt");
  expect(/^\d{4} \d{4} \d{4} \d{4}$/.test(callCode), "the call's receipt is not shown");
  await page.screenshot({ path: `${shots}/inbox-call-en.png`, fullPage: true });
  // The caller may need help, not only a report: a case starts from the call, searching first.
  await page.locator("#open-case").click();
  await page.waitForLoadState();
  expect(/\/cases\/new\?report=\d+/.test(page.url()), `the call does not lead to a case: ${page.url()}`);
  await context.close();
  console.log(JSON.stringify({ first, second, firstId }));
} finally {
  await browser.close();
}
report(problems, "report pages ok");
