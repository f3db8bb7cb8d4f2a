// Browser check of the inbox as an operator works it, run by crates/faro-web/tests/it/browser.rs.
// Usage: node inbox.mjs BASE_URL OPERATOR_EMAIL PASSWORD COLLEAGUE_NAME SHOTS_DIR
// On a 390-px phone in French, without and with JavaScript: the operator names themself on
// their account page, reads the inbox's previews, ticks two reports and gives them to a
// colleague, then opens one: who has it, its place on a small map, the conversation with staff
// by name. axe-core finds nothing serious on the pages, and none is wider than the screen.
import { axeViolations, launch, report, signIn, watchedPage } from "./browser.mjs";

const [base, email, password, colleague, shots] = process.argv.slice(2);
const origin = new URL(base).origin;
const browser = await launch();
const problems = [];
const fits = async (page, where) => {
  const { width, wide } = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    // What sticks out (outside the scrolling menu and drawings), to say what to fix.
    wide: [...document.querySelectorAll("main *")]
      .filter((e) => !e.closest("svg") && e.getBoundingClientRect().right > 391)
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""} "${(e.textContent ?? "").trim().slice(0, 40)}"`),
  }));
  if (width > 390) problems.push(`${where}: ${width}px wide (${wide.join("; ")})`);
};
try {
  for (const javaScriptEnabled of [false, true]) {
    const how = javaScriptEnabled ? "js" : "nojs";
    const context = await browser.newContext({ javaScriptEnabled, bypassCSP: javaScriptEnabled, viewport: { width: 390, height: 844 } });
    const page = await watchedPage(context, origin, problems);
    await signIn(page, base, email, password);
    await page.goto(`${base}account?lang=fr`);
    await page.getByLabel("Nom visible par les collègues").fill(`Opératrice ${how}`);
    await page.getByRole("button", { name: "Enregistrer le nom" }).click();
    await page.waitForLoadState();
    const menu = (await page.locator("#person-menu summary").textContent()) ?? "";
    if (!menu.includes(`Opératrice ${how}`)) problems.push(`the header does not name the operator: ${menu}`);
    await page.goto(`${base}inbox?lang=fr`);
    const previews = await page.locator("p.preview").count();
    if (previews < 2) problems.push(`${previews} previews in the inbox`);
    await fits(page, `inbox ${how}`);
    if (javaScriptEnabled) for (const v of await axeViolations(page)) problems.push(`inbox: ${v}`);
    const boxes = page.locator("input[name=ids]");
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.locator("#bulk-action").selectOption("assign");
    await page.locator("#bulk-assignee").selectOption({ label: colleague });
    await page.getByRole("button", { name: "Appliquer aux signalements choisis" }).click();
    await page.waitForLoadState();
    const said = (await page.locator("p.notice").first().textContent()) ?? "";
    if (!said.includes("2 signalements modifiés")) problems.push(`bulk assignment: ${said}`);
    await page.screenshot({ path: `${shots}/inbox-fr-${how}.png`, fullPage: true });
    await page.locator("table a[href^='/inbox/']").first().click();
    await page.waitForLoadState();
    const who = (await page.locator("#assignee").textContent()) ?? "";
    if (!who.includes(colleague)) problems.push(`the report does not say who has it: ${who}`);
    if ((await page.locator("figure.locator svg circle").count()) !== 1) problems.push("no small map of the report's place");
    await page.locator("#text").fill("Merci, nous vérifions.");
    await page.getByRole("button", { name: "Ajouter une note interne" }).click();
    await page.waitForLoadState();
    const talk = (await page.locator("ol.conversation").textContent()) ?? "";
    if (!talk.includes(`Opératrice ${how}`)) problems.push(`the note is not signed with the operator's name: ${talk}`);
    await fits(page, `report ${how}`);
    if (javaScriptEnabled) for (const v of await axeViolations(page)) problems.push(`report: ${v}`);
    await page.screenshot({ path: `${shots}/report-fr-${how}.png`, fullPage: true });
    await context.close();
  }
} finally {
  await browser.close();
}
report(problems, "the inbox works on a phone in French, with and without JavaScript");
