// The provider's day in a real browser (Debian's Chromium driven by Playwright), keyboard
// and mouse only: a new specification written in the form (a choice of units, valid five
// years), its problems shown next to the fields in Finnish, published; republished changed
// (refused); an .xlsx cohort with a learner twice (reported, the others offered), uploaded
// again (nothing new); a licence renewed and one revoked through their confirmation pages;
// WCAG 2.1 AA checks (axe-core) on the new pages in fi, sv and en; and page 1 of the
// printable certificate fits one A4 page in fi, sv and en for every example specification.
//
// Usage: node provider.mjs BASE_URL SCREENSHOT_DIR STAFF_USER STAFF_PASSWORD COHORT.xlsx
// Exits 0 when every step passed; prints each step; saves a screenshot of each.

import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

// Node writes to a pipe asynchronously; with the output blocking, every line (and an
// error's whole stack) is out before `process.exit()`.
for (const stream of [process.stdout, process.stderr]) stream._handle?.setBlocking?.(true);

const [base, shots, staffUser, staffPassword, cohortFile] = process.argv.slice(2);
if (!base || !shots || !staffUser || !staffPassword || !cohortFile) {
  console.error("usage: node provider.mjs BASE_URL SCREENSHOT_DIR STAFF_USER STAFF_PASSWORD COHORT.xlsx");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});

let step = 0;
function ok(cond, what) {
  if (!cond) throw new Error(`not as expected: ${what}`);
}
async function shot(page, name) {
  step += 1;
  const file = join(shots, `p${String(step).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`  screenshot ${file}`);
}
async function text(page) {
  return page.locator("main").innerText();
}
async function accessible(page, what) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  const bad = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  ok(bad.length === 0, `${what} passes WCAG 2.1 AA checks:\n    ${bad.join("\n    ")}`);
}
const context = () => browser.newContext({ bypassCSP: true, locale: "fi-FI", viewport: { width: 1200, height: 900 } });
/** Types into the field labelled `label` the way a person does: click, then keys. */
async function type(page, selector, value) {
  await page.locator(selector).click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(value);
}

try {
  const provider = await (await context()).newPage();
  console.log("provider signs in");
  await provider.goto(`${base}/provider?lang=fi`);
  await type(provider, "#user", staffUser);
  await type(provider, "#pass", staffPassword);
  await provider.keyboard.press("Enter");
  await provider.waitForURL(`${base}/provider/home`);

  // 1. A new specification in the form: first with problems, shown by their fields.
  console.log("a new specification, with problems");
  await provider.goto(`${base}/provider/spec/edit`);
  await type(provider, "[id='id']", "tulityot");
  await type(provider, "[id='version']", "2026-1");
  await type(provider, "[id='title.fi']", "Tulityöt turvallisesti");
  await provider.getByRole("button", { name: "Tarkista", exact: true }).click();
  await provider.locator("[data-form-problem], .summary").first().waitFor();
  const outcomes = await provider.locator("#f-learningOutcomes > .problems").innerText();
  ok(outcomes.includes("puuttuu"), `the missing outcomes are said by their field in Finnish (${outcomes})`);
  ok(!(await text(provider)).includes("$."), "no JSON paths");
  ok((await provider.locator("#f-workload .problems").count()) >= 1, "the workload's problem by the workload");
  await accessible(provider, "the form with problems (fi)");
  await shot(provider, "spec-problems-fi");

  // 2. Filled in, with a choice of units and a validity of five years; published.
  console.log("filled in and published");
  const units = ["Tulitöiden suunnittelu", "Tulityö rakennuksilla", "Tulityö teollisuudessa"];
  await type(provider, "[id='description.fi']",
    `Tulitöiden turvallinen tekeminen. Osat: ${units.join(", ")}.`);
  await type(provider, "[id='learningOutcomes.0.text.fi']", "Tekee tulitöitä turvallisesti ja tuntee niiden riskit.");
  await type(provider, "[id='workload.osp']", "10");
  await provider.locator("[id='validity']").selectOption("P5Y");
  await provider.locator("[id='level.eqf']").selectOption("4");
  await provider.getByLabel("Näyttö (osaamisen osoittaminen käytännön työtehtävissä)").check();
  await provider.getByLabel("Lähiopetus").check();
  await provider.locator("[id='qualityAssurance.0.type']").selectOption("industryStandard");
  await type(provider, "[id='qualityAssurance.0.body']", "Suomen Palopäällystöliitto");
  await type(provider, "[id='units.required.0.name.fi']", units[0]);
  await type(provider, "[id='units.required.0.scope.value']", "5");
  await type(provider, "[id='units.required.0.qualifications.0.name.fi']", "Rakennusalan perustutkinto");
  await provider.getByRole("button", { name: "Lisää valinnainen ryhmä", exact: true }).click();
  await type(provider, "[id='units.choices.0.select']", "1");
  await type(provider, "[id='units.choices.0.options.0.name.fi']", units[1]);
  await type(provider, "[id='units.choices.0.options.0.scope.value']", "5");
  await type(provider, "[id='units.choices.0.options.0.qualifications.0.name.fi']", "Rakennusalan perustutkinto");
  await provider.getByRole("button", { name: "Lisää vaihtoehto", exact: true }).click();
  await type(provider, "[id='units.choices.0.options.1.name.fi']", units[2]);
  await type(provider, "[id='units.choices.0.options.1.scope.value']", "5");
  await type(provider, "[id='units.choices.0.options.1.qualifications.0.name.fi']", "Prosessiteollisuuden perustutkinto");
  ok((await provider.locator("label[for='title.sv'] .missing").count()) === 1, "the Swedish title is marked missing");
  await shot(provider, "spec-form-filled");
  await provider.getByRole("button", { name: "Julkaise", exact: true }).click();
  await provider.locator("[data-published-now='tulityot']").waitFor();
  await shot(provider, "spec-published");

  // 3. The published version changed and published again: refused, with the reason.
  console.log("republished changed: refused");
  await provider.locator("[data-published='tulityot'] button").click();
  await provider.waitForURL(/\/provider\/spec\/edit\?id=tulityot/);
  await type(provider, "[id='version']", "2026-1");
  await type(provider, "[id='workload.osp']", "15");
  await provider.getByRole("button", { name: "Julkaise", exact: true }).click();
  const refused = await provider.locator("[data-form-problem]").innerText();
  ok(refused.includes("on jo julkaistu toisenlaisena"), `refused (${refused})`);
  await shot(provider, "spec-republish-refused");

  // 4. An .xlsx cohort with a learner twice: reported on its line, the others offered.
  console.log("an .xlsx cohort");
  await provider.goto(`${base}/provider/home`);
  await provider.locator("#cspec").selectOption("tulityot");
  await provider.locator("#cohortfile").setInputFiles(cohortFile);
  await provider.getByRole("button", { name: "Luo tarjoukset", exact: true }).click();
  await provider.waitForURL(/\/provider\/cohort\//);
  await provider.waitForFunction(() => !document.querySelector("meta[http-equiv=refresh]"), null, { timeout: 60000 });
  await provider.reload();
  const dup = await provider.locator("[data-problem-line='4']").innerText();
  ok(dup.includes("sama oppija kuin rivillä 2"), `the duplicate reported (${dup})`);
  ok((await provider.locator("table.grid tbody tr").count()) === 2, "the other two offered");
  const offer = await provider.locator("table.grid tbody tr td.wrap").first().innerText();
  await accessible(provider, "cohort result (fi)");
  await shot(provider, "cohort-duplicate");
  // The same file again: nothing new.
  await provider.goto(`${base}/provider/home`);
  await provider.locator("#cspec").selectOption("tulityot");
  await provider.locator("#cohortfile").setInputFiles(cohortFile);
  await provider.getByRole("button", { name: "Luo tarjoukset", exact: true }).click();
  await provider.waitForURL(/\/provider\/cohort\//);
  await provider.waitForFunction(() => !document.querySelector("meta[http-equiv=refresh]"), null, { timeout: 60000 });
  await provider.reload();
  ok((await provider.locator("table.grid tbody tr").count()) === 0, "no new offers");
  ok((await provider.locator("[data-already-line]").count()) === 2, "both rows said to be offered already");
  await shot(provider, "cohort-again-nothing-new");

  // The learner takes the offer into her wallet, so there is a licence to renew.
  console.log("the learner takes the offer");
  const learner = await (await context()).newPage();
  await learner.goto(`${base}/wallet?lang=fi`);
  await type(learner, "#re-user", "liisa");
  await type(learner, "#re-pass", "liisan oma salasana");
  await learner.getByRole("button", { name: "Luo lompakko", exact: true }).click();
  await learner.waitForURL(`${base}/wallet/credentials`);
  await learner.goto(`${base}/wallet/accept`);
  await learner.getByLabel("Tarjouslinkki", { exact: true }).fill(offer);
  await learner.getByRole("button", { name: "Vastaanota", exact: true }).click();
  await learner.waitForURL(/\/wallet\/credentials\/[0-9a-f]+/);
  ok((await text(learner)).includes("Voimassa"), "her wallet says until when it is valid");

  // 5. Renewed through its confirmation page.
  console.log("a licence renewed");
  await provider.goto(`${base}/provider/registry?q=Liisa`);
  ok((await provider.locator("[data-validity]").first().innerText()).startsWith("Voimassa"), "valid until …");
  await provider.getByRole("link", { name: "Uusi…", exact: true }).first().click();
  await provider.locator("[data-learner-sees]").waitFor();
  await accessible(provider, "renewal confirmation (fi)");
  await provider.getByRole("button", { name: "Tee uusimistarjous", exact: true }).click();
  const renewal = await provider.locator("[data-offer-uri]").inputValue();
  await shot(provider, "renewal-offer");
  await learner.goto(`${base}/wallet/accept`);
  await learner.getByLabel("Tarjouslinkki", { exact: true }).fill(renewal);
  await learner.getByRole("button", { name: "Vastaanota", exact: true }).click();
  await learner.waitForURL(/\/wallet\/credentials\/[0-9a-f]+/);
  await provider.goto(`${base}/provider/registry?q=Liisa`);
  ok((await provider.locator("[data-renewed-by]").count()) === 1 && (await provider.locator("[data-renews]").count()) === 1, "both listed, linked");
  await shot(provider, "registry-renewed");

  // 6. Revoked through the confirmation page: a reason is required.
  console.log("one revoked");
  await provider.getByRole("link", { name: "Mitätöi…", exact: true }).last().click();
  await provider.locator("[data-employer-sees]").waitFor();
  ok((await text(provider)).includes("Se ei ole enää voimassa"), "says what employers will see");
  await shot(provider, "revoke-confirm");
  await type(provider, "#reason", "myönnetty virheellisesti");
  await provider.getByRole("button", { name: "Mitätöi todistus", exact: true }).click();
  await provider.locator("[data-standing='revoked']").waitFor();
  ok((await text(provider)).includes("opettaja") || (await text(provider)).includes(staffUser), "who did it is shown");
  await shot(provider, "registry-revoked");

  // 7. The new pages pass WCAG 2.1 AA in every language.
  console.log("WCAG checks in fi, sv, en");
  for (const lang of ["fi", "sv", "en"]) {
    for (const path of ["/provider/spec", "/provider/spec/edit?id=tulityot", "/provider/spec/edit", "/provider/registry", "/provider/trust", "/provider/home"]) {
      await provider.goto(`${base}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
      ok(await provider.locator(`html[lang="${lang}"]`).count() === 1, `${path} in ${lang}`);
      await accessible(provider, `${path} in ${lang}`);
    }
    await provider.goto(`${base}/provider/registry`);
    const id = await provider.locator(".record").first().getAttribute("data-id");
    await provider.goto(`${base}/provider/registry/confirm?id=${encodeURIComponent(id)}&action=suspend&lang=${lang}`);
    await accessible(provider, `suspend confirmation in ${lang}`);
  }

  // 8. Page 1 of the printable certificate is one A4 page, for every example, in every
  //    language: 180 mm wide between the margins, at most 267 mm high.
  console.log("the certificate's first page fits A4");
  const printer = await (await browser.newContext({ bypassCSP: true, viewport: { width: 680, height: 1000 } })).newPage();
  await printer.context().addCookies(await provider.context().cookies());
  await printer.emulateMedia({ media: "print" });
  const examples = ["tapahtumatekniikan-osaajaksi", "ensiapuryhmassa-toimiminen", "3d-mallinnus-ja-tulostus",
    "datakeskusymparistossa-toimiminen", "terveydenhuollon-sihteeri", "datan-visualisointi-5op", "tulityot"];
  const mm = 96 / 25.4;
  for (const id of examples) {
    for (const lang of ["fi", "sv", "en"]) {
      await printer.goto(`${base}/provider/spec/preview?id=${id}&lang=${lang}`);
      const h = await printer.locator("[data-cert-page]").evaluate((e) => e.getBoundingClientRect().height);
      ok(h <= 267 * mm, `${id} in ${lang}: page 1 is ${(h / mm).toFixed(0)} mm high (at most 267 mm)`);
      ok((await printer.locator("[data-cert-learner]").innerText()).includes("Maija"), `${id} ${lang}: the learner's name`);
      if (id === "tulityot" && lang === "fi") await shot(printer, "certificate-print-fi");
    }
  }
  console.log("all steps passed");
} catch (e) {
  console.error(String(e && e.stack ? e.stack : e));
  await browser.close();
  process.exit(1);
}
await browser.close();
