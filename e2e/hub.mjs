// Browser check of the analysis hub, run by crates/faro-web/tests/it/browser.rs.
// Usage: node hub.mjs BASE_URL EMAIL PASSWORD SCREENSHOT_DIR
// As an analyst, with and without JavaScript (English with it, French without; the brief in
// Spanish): the hub's figures against /api/v1/aggregate, filters applied from the form and
// kept in the URL, a country clicked on the map and the back button, the drill-down from a
// bar to the records and back, the brief printed to PDF; with JavaScript the map's zoom and
// tooltip, hotspots named in words, the country box that filters as one types, and a
// downloaded chart that says what it shows; without it, the country lists grouped by region.
// Fails if anything is loaded from another host or logs an error.
import { launch, report, signIn, watchedPage } from "./browser.mjs";

const [base, email, password, shots] = process.argv.slice(2);
const origin = new URL(base).origin;
const browser = await launch();
const problems = [];
const digits = (text) => Number((text ?? "").replace(/[^0-9]/g, ""));

// The API's total for a query string, asked with the page's session.
async function apiTotal(page, query) {
  return page.evaluate(async (q) => {
    const r = await fetch(`/api/v1/aggregate?by=gender${q ? "&" + q : ""}`);
    return (await r.json()).total_records;
  }, query);
}

try {
  for (const [javaScriptEnabled, lang] of [[true, "en"], [false, "fr"]]) {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
    const page = await watchedPage(context, origin, problems);
    await signIn(page, base, email, password);
    const where = `(JavaScript ${javaScriptEnabled}, ${lang})`;
    await page.goto(`${base}hub?lang=${lang}`);
    if (!(await page.title()).includes("Faro")) problems.push(`the hub has no title ${where}`);
    // Counting needs a second session-less request to the API from the same page: the check
    // runs it through the page only with JavaScript; without, it reads the API directly.
    const total = async (query) => {
      if (javaScriptEnabled) return apiTotal(page, query);
      const api = await context.request.get(`${base}api/v1/aggregate?by=gender${query ? "&" + query : ""}`);
      return (await api.json()).total_records;
    };
    const shown = digits(await page.locator("#hub-total strong").textContent());
    const all = await total("");
    if (shown !== all) problems.push(`the hub shows ${shown} records, the API ${all} ${where}`);
    if (javaScriptEnabled) await page.screenshot({ path: `${shots}/hub-${lang}-js.png`, fullPage: true });
    else await page.screenshot({ path: `${shots}/hub-${lang}-nojs.png`, fullPage: true });

    // A filter from the form lands in the URL under the API's name.
    await page.locator("details.filter-group > summary").first().click();
    await page.locator('input[name="gender"][value="female"]').check();
    await page.locator("#hub-filters button[type=submit]").click();
    await page.waitForLoadState();
    if (!page.url().includes("gender=female")) problems.push(`the filter is not in the URL: ${page.url()} ${where}`);
    const women = digits(await page.locator("#hub-total strong").textContent());
    const apiWomen = await total("gender=female");
    if (women !== apiWomen) problems.push(`women: hub ${women}, API ${apiWomen} ${where}`);

    // A country on the map narrows every view; the back button returns.
    const before = page.url();
    // By keyboard: a country is a link that takes focus, and Enter follows it.
    await page.locator('#map-chart a:has(path[data-country="RU"])').focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (!page.url().includes("exploitation_country=RU")) problems.push(`clicking Russia did not filter: ${page.url()} ${where}`);
    const russia = digits(await page.locator("#hub-total strong").textContent());
    const apiRussia = await total("gender=female&exploitation_country=RU");
    if (russia !== apiRussia) problems.push(`Russia: hub ${russia}, API ${apiRussia} ${where}`);
    await page.goBack();
    await page.waitForLoadState();
    if (page.url() !== before) problems.push(`back went to ${page.url()}, not ${before} ${where}`);

    // From a bar to the records behind it, one record, and back to the list.
    await page.locator('#age a[href^="/hub/records"]').first().click();
    await page.waitForLoadState();
    const listed = digits(await page.locator("#records-total").textContent());
    const age = new URL(page.url()).searchParams.get("age");
    const apiAge = await total(`gender=female&age=${age}`);
    if (listed !== apiAge) problems.push(`records behind the bar: ${listed}, API ${apiAge} ${where}`);
    const list = page.url();
    await page.locator("#records a").first().click();
    await page.waitForLoadState();
    if (!(await page.locator("h1").textContent()).includes("#")) problems.push(`no record page ${where}`);
    await page.locator("#back-to-list").click();
    await page.waitForLoadState();
    if (page.url() !== list) problems.push(`back to the list went to ${page.url()} ${where}`);
    if (!javaScriptEnabled) await page.screenshot({ path: `${shots}/records-${lang}-nojs.png`, fullPage: true });

    if (javaScriptEnabled) {
      await page.goto(`${base}hub`);
      const view = page.locator("#map-view");
      const start = await view.getAttribute("viewBox");
      await page.locator("#map-chart").hover();
      await page.mouse.wheel(0, -300);
      if ((await view.getAttribute("viewBox")) === start) problems.push("the wheel does not zoom the map");
      await page.locator('#map-chart path[data-country="US"]').hover({ force: true });
      const tip = await page.locator("#map-tip").textContent();
      if (!tip || !tip.includes(":")) problems.push(`no tooltip on the map: "${tip}"`);
      await page.screenshot({ path: `${shots}/hub-map-zoomed.png` });
      // A hotspot names its place in words, never by its H3 cell.
      const cells = await page.locator("#map-chart .hotspots title").allTextContents();
      if (!cells.length || !cells.every((t) => t.startsWith("Reports near ") || t.startsWith("Reports around "))) {
        problems.push(`hotspots not named in words: ${cells.slice(0, 3).join(" | ")}`);
      }
      // Typing in a country list's box keeps only the countries that match, accents aside.
      const box = page.locator("label.countries input[type=search]").first();
      await box.fill("perú");
      const shownCountries = await page.locator('select[name="citizenship"] option:not([hidden])').allTextContents();
      if (shownCountries.join() !== "Peru") problems.push(`typing "perú" left: ${shownCountries.slice(0, 5).join(", ")}`);
      await box.fill("united");
      const united = await page.locator('select[name="citizenship"] option:not([hidden])').allTextContents();
      if (!united.includes("United States") || united.some((c) => !c.toLowerCase().includes("united"))) problems.push(`typing "united" left: ${united.join(", ")}`);
      // A downloaded chart says what it shows: its title, the filters, the date and source.
      const svg = await (await page.request.get(`${base}hub/svg/modality?gender=female&year=2010..&lang=en`)).text();
      for (const said of ["Forms of exploitation", "Filters: Year: since 2010; Gender: Female", "Made with Faro on", "Counter-Trafficking Data Collaborative"]) {
        if (!svg.includes(said)) problems.push(`the downloaded chart does not say "${said}"`);
      }
      const png = await page.request.get(`${base}hub/png/modality?gender=female&lang=en`);
      if (png.headers()["content-type"] !== "image/png" || (await png.body()).length < 10000) problems.push("the PNG chart is missing or empty");
    } else {
      // Without JavaScript the country lists are grouped by region.
      await page.goto(`${base}hub?lang=${lang}`);
      const groups = await page.locator('select[name="citizenship"] optgroup').evaluateAll((g) => g.map((e) => e.label));
      for (const region of ["Afrique", "Amériques", "Asie", "Europe", "Océanie"]) {
        if (!groups.includes(region)) problems.push(`no "${region}" group in the country list: ${groups.join(", ")}`);
      }
    }
    await context.close();
  }

  // The brief, in Spanish, printed.
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await watchedPage(context, origin, problems);
  await signIn(page, base, email, password);
  await page.goto(`${base}hub/brief?year=2010..&lang=es`);
  if (!(await page.locator("h1").textContent()).includes("Informe")) problems.push("the brief is not in Spanish");
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: `${shots}/brief-es-print.png`, fullPage: true });
  const pdf = await page.pdf({ format: "A4" });
  if (pdf.length < 20000) problems.push(`the printed brief is only ${pdf.length} bytes`);
  await context.close();
} catch (e) {
  problems.push(`check failed: ${e.stack ?? e}`);
} finally {
  await browser.close();
}
report(problems, "hub ok");
