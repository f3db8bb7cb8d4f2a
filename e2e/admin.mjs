// Browser check of the organisation admin's pages, run by crates/faro-web/tests/it/browser.rs.
// Usage: node admin.mjs BASE_URL ADMIN_EMAIL PASSWORD SCREENSHOT_DIR
// Signs in, adds a user (an operator) and reads the one-time set-password link, then finds the
// change in the audit log; with and without JavaScript. Fails (exit 1, reason on stderr) on a
// request to another host, a console error, or a step that does not show what it should.
import { launch, report, signIn, watchedPage } from "./browser.mjs";

const [base, email, password, shots] = process.argv.slice(2);
const origin = new URL(base).origin;
const browser = await launch();
const problems = [];
try {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1024, height: 900 } });
    const page = await watchedPage(context, origin, problems);
    await signIn(page, base, email, password);
    await page.locator("nav.sections").getByRole("link", { name: "Administration" }).click();
    await page.waitForLoadState();
    if ((await page.title()) !== "Administration · Faro") problems.push(`admin page title "${await page.title()}"`);
    const newcomer = `new-${javaScriptEnabled ? "with" : "without"}-js@test.invalid`;
    await page.getByLabel("E-mail", { exact: true }).fill(newcomer);
    await page.getByLabel("Role", { exact: true }).selectOption("operator");
    await page.getByRole("button", { name: "Add a user" }).click();
    await page.waitForLoadState();
    const link = (await page.locator("#password-link").textContent()) ?? "";
    if (!link.includes("/set-password?token=fl_")) problems.push(`no set-password link shown: "${link}"`);
    if (!(await page.locator("table").first().textContent()).includes(newcomer)) problems.push("the new user is not listed");
    if (javaScriptEnabled) await page.screenshot({ path: `${shots}/admin-en.png`, fullPage: true });
    await page.locator("nav.sections").getByRole("link", { name: "Audit log" }).click();
    await page.waitForLoadState();
    const audit = (await page.locator("#audit").textContent()) ?? "";
    for (const action of ["User added", "Password link made", "Signed in"]) {
      if (!audit.includes(action)) problems.push(`the audit log lacks ${action}`);
    }
    if (javaScriptEnabled) await page.screenshot({ path: `${shots}/audit-en.png`, fullPage: true });
    await context.close();
  }
} finally {
  await browser.close();
}
report(problems, "admin pages ok");
