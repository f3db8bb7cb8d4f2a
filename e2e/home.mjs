// Browser check of Faro's sign-in and home page, run by crates/faro-web/tests/it/browser.rs.
// Usage: node home.mjs BASE_URL EMAIL PASSWORD EXPECTED_RECORD_COUNT SCREENSHOT_DIR
// Fails (exit 1, reason on stderr) if a page loads anything from another host, logs a console
// error (a CSP violation shows up as one), shows data before sign-in, or does not show what is
// loaded after signing in through the form, in English and, after choosing from the language
// menu, in French and Spanish. Everything is checked with and without JavaScript.
import { launch, report, watchedPage } from "./browser.mjs";

const [base, email, password, expected, shots] = process.argv.slice(2);
const origin = new URL(base).origin;
const browser = await launch();
const problems = [];
try {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 390, height: 844 } });
    // A wrong password is answered 401, which the browser reports on the console.
    let expect401 = false;
    const page = await watchedPage(context, origin, problems, (text) => expect401 && text.includes("status of 401"));
    const response = await page.goto(base);
    if (response.status() !== 200) problems.push(`GET / answered ${response.status()}`);
    if (await page.locator("#record-count").count() !== 0) problems.push("the home page shows data before sign-in");
    await page.getByRole("link", { name: "Sign in" }).first().click();
    await page.waitForLoadState();
    const title = await page.title();
    if (!title.includes("Faro")) problems.push(`title is "${title}"`);
    const css = await page.evaluate(() => getComputedStyle(document.body).fontFamily).catch(() => "");
    if (javaScriptEnabled && !css.includes("system-ui")) problems.push(`the stylesheet did not apply (font-family ${css})`);
    await page.getByLabel("Password").fill("not the password at all");
    await page.getByLabel("E-mail").fill(email);
    expect401 = true;
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForLoadState();
    expect401 = false;
    if (!(await page.locator("#error").textContent())?.includes("not right")) problems.push("a wrong password shows no message");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForLoadState();
    const count = (await page.locator("#record-count").textContent())?.trim();
    if (count !== expected) problems.push(`record count shows "${count}", expected "${expected}" (JavaScript ${javaScriptEnabled})`);
    if (javaScriptEnabled) await page.screenshot({ path: `${shots}/home-en.png`, fullPage: true });
    // Every language from the menu (a <details>, so it opens without JavaScript).
    for (const [name, code, word] of [["Français", "fr", "dossiers"], ["Español", "es", "registros"]]) {
      await page.locator("#language-menu summary").click();
      await page.getByRole("link", { name }).click();
      await page.waitForLoadState();
      const lang = await page.getAttribute("html", "lang");
      const body = await page.locator("body").textContent();
      if (lang !== code || !body.includes(word)) problems.push(`the ${name} page shows lang=${lang}`);
      if (javaScriptEnabled) await page.screenshot({ path: `${shots}/home-${code}.png`, fullPage: true });
    }
    await page.locator("#person-menu summary").click();
    if (javaScriptEnabled) await page.screenshot({ path: `${shots}/menu-es.png` });
    await page.locator("#person-menu").getByRole("link", { name: "Cuenta" }).click();
    await page.waitForLoadState();
    if (javaScriptEnabled) await page.screenshot({ path: `${shots}/account-es.png`, fullPage: true });
    await page.locator("#person-menu summary").click();
    await page.getByRole("button", { name: "Cerrar sesión", exact: true }).click();
    await page.waitForLoadState();
    if (!page.url().endsWith("/sign-in")) problems.push(`after signing out the browser is at ${page.url()}`);
    const back = await page.goto(`${base}account`);
    if (!back.url().endsWith("/sign-in")) problems.push("the account page is still open after signing out");
    await context.close();
  }
} finally {
  await browser.close();
}
report(problems, "sign-in and home page ok");
