import { launch, signIn } from "./browser.mjs";
const [base, email, password, shots] = process.argv.slice(2);
const browser = await launch();
for (const [w, h, tag] of [[390, 844, "phone"], [1280, 900, "desk"]]) {
  const context = await browser.newContext({ viewport: { width: w, height: h } });
  const page = await context.newPage();
  await signIn(page, base, email, password);
  for (const [path, name] of [["cases?lang=en", "list"], ["cases/2?lang=es", "file"], ["cases/2?tab=timeline&lang=fr", "timeline"], ["cases/new?q=marisol%20quintna&lang=en", "new"], ["cases/2?tab=plans", "plans"], ["admin/teams", "teams"]]) {
    await page.goto(`${base}${path}`);
    await page.screenshot({ path: `${shots}/${tag}-${name}.png`, fullPage: tag === "desk" });
  }
  await context.close();
}
await browser.close();
