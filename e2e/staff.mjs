// Every staff page as an admin reads it, at a phone's width and a desktop's, in three
// languages: axe-core finds no serious or critical violation, and no page is wider than the
// screen (tables scroll inside their own box).
// Usage: node staff.mjs BASE EMAIL PASSWORD REPORT_ID RECORD_ID CASE_ID SHOTS_DIR
import { axeViolations, launch, report, signIn, watchedPage } from "./browser.mjs";

const [base, email, password, reportId, recordId, caseId, shots] = process.argv.slice(2);
const pages = ["", "inbox", `inbox/${reportId}`, "inbox/new", "hub", "hub?gender=female",
               "hub?citizenship=PH&year_from=2015", "hub/records", `hub/records/${recordId}`, "hub/brief",
               "sources", "admin", "admin/audit", "admin/settings", "admin/releases", "account",
               "cases", "cases/new?q=Ana", "admin/teams",
               ...["person", "consent", "plans", "services", "tasks", "timeline", "links"].map((t) => `cases/${caseId}?tab=${t}`)];
const problems = [];
const browser = await launch();
try {
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await watchedPage(context, base, problems, () => true);
    page.on("response", (r) => { if (r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`); });
    await signIn(page, base, email, password);
    for (const lang of ["en", "es", "fr"]) {
      for (const path of pages) {
        const sep = path.includes("?") ? "&" : "?";
        await page.goto(`${base}${path}${sep}lang=${lang}`);
        const where = `/${path} ${lang} ${width}px`;
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scroll > width) problems.push(`${where}: ${scroll}px wide`);
        for (const v of await axeViolations(page)) problems.push(`${where}: ${v}`);
        if (width === 390 && lang === "en") {
          await page.screenshot({ path: `${shots}/staff-${(path || "home").replace(/[/?=&]/g, "_")}.png`, fullPage: true });
        }
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}
report(problems, "every staff page passes axe-core and fits 390 and 1280 px in three languages");
