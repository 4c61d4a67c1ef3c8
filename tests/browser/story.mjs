// The whole story in a real browser (Debian's Chromium driven by Playwright):
// the provider issues to a learner -> the learner accepts the offer -> shares a link
// hiding the grade -> the employer opens the link and sees "genuine and current" and no
// grade -> the employer pastes the link and uploads a picture of the certificate's QR code
// into the check page -> the provider revokes -> the same link now shows "revoked", and
// so does the learner's wallet -> she restores a backup in a fresh browser.
// Then keyboard use, a phone-sized screen, and WCAG 2 AA checks (axe-core) on each page.
//
// Usage: node story.mjs BASE_URL SCREENSHOT_DIR STAFF_USER STAFF_PASSWORD
// Exits 0 when every step passed; prints each step; saves a screenshot of each.

import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

// Node writes to a pipe asynchronously; with the output blocking, every line (and an
// error's whole stack) is out before `process.exit()`.
for (const stream of [process.stdout, process.stderr]) stream._handle?.setBlocking?.(true);

const [base, shots, staffUser, staffPassword] = process.argv.slice(2);
if (!base || !shots || !staffUser || !staffPassword) {
  console.error("usage: node story.mjs BASE_URL SCREENSHOT_DIR STAFF_USER STAFF_PASSWORD");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
// Playwright starts Chromium with a fresh temporary --user-data-dir of its own (it refuses
// one in args; launchPersistentContext would allow only one set of cookies).
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

let step = 0;
function ok(cond, what) {
  if (!cond) throw new Error(`not as expected: ${what}`);
}
async function shot(page, name) {
  step += 1;
  const file = join(shots, `${String(step).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`  screenshot ${file}`);
}
async function text(page) {
  return page.locator("main").innerText();
}
/** WCAG 2 A/AA rules of axe-core; any violation fails the run. */
async function accessible(page, what) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  const bad = result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  ok(bad.length === 0, `${what} passes WCAG AA checks:\n    ${bad.join("\n    ")}`);
}
// Each person has their own browser context (cookies); axe needs CSP bypassed to run.
const context = () => browser.newContext({ bypassCSP: true, locale: "en-GB", viewport: { width: 1200, height: 900 } });

try {
  // 1. The provider signs in and issues to Maija: an offer with its QR code.
  console.log("provider issues an offer");
  const provider = await (await context()).newPage();
  await provider.goto(`${base}/provider?lang=en`);
  await accessible(provider, "provider sign-in");
  await provider.getByLabel("User name", { exact: true }).fill(staffUser);
  await provider.getByLabel("Password", { exact: true }).fill(staffPassword);
  await provider.getByRole("button", { name: "Sign in", exact: true }).click();
  await provider.waitForURL(`${base}/provider/home`);
  await accessible(provider, "provider home");
  await provider.locator("#spec").selectOption("tapahtumatekniikan-osaajaksi");
  await provider.locator("#name").fill("Maija Meikäläinen");
  await provider.locator("#birth").fill("2003-04-17");
  await provider.locator("#grade").fill("4");
  await provider.locator("#issued").fill("2026-05-29");
  await shot(provider, "provider-issue-form");
  await provider.getByRole("button", { name: "Create offer", exact: true }).click();
  await provider.locator("[data-offer-uri]").waitFor();
  const offer = await provider.locator("[data-offer-uri]").inputValue();
  ok(offer.startsWith("openid-credential-offer://"), `an offer link (${offer.slice(0, 40)})`);
  ok(await provider.locator(".qr svg").count() === 1, "a QR code for the learner");
  await accessible(provider, "offer page");
  await shot(provider, "provider-offer-qr");
  // A second offer, for another wallet: its QR code as a picture, which the Rust side
  // decodes and hands to an independent OpenID4VCI wallet library.
  await provider.goto(`${base}/provider/home?lang=en`);
  await provider.locator("#spec").selectOption("tapahtumatekniikan-osaajaksi");
  await provider.locator("#name").fill("Pekka Virtanen");
  await provider.locator("#birth").fill("2001-02-03");
  await provider.locator("#grade").fill("5");
  await provider.locator("#issued").fill("2026-05-29");
  await provider.getByRole("button", { name: "Create offer", exact: true }).click();
  await provider.locator("[data-offer-qr] svg, .problem").first().waitFor();
  ok(await provider.locator(".problem").count() === 0, `the second offer: ${await text(provider)}`);
  const offerQr = join(shots, "offer-qr.png");
  await provider.locator("[data-offer-qr] svg").screenshot({ path: offerQr });
  ok((await provider.locator("[data-wallet-link]").getAttribute("href")).includes("/wallet/accept?offer="), "the web wallet's button");
  console.log(`OFFER_QR ${offerQr}`);

  // 2. The learner makes a wallet (in Finnish) and accepts the offer.
  console.log("learner accepts the offer");
  const learner = await (await context()).newPage();
  await learner.goto(`${base}/wallet?lang=fi`);
  await accessible(learner, "wallet sign-in");
  await learner.locator("#re-user").fill("maija");
  await learner.locator("#re-pass").fill("maijan oma salasana");
  await learner.getByRole("button", { name: "Luo lompakko", exact: true }).click();
  await learner.waitForURL(`${base}/wallet/credentials`);
  await learner.goto(`${base}/wallet/accept`);
  await learner.getByLabel("Tarjouslinkki", { exact: true }).fill(offer);
  await learner.getByRole("button", { name: "Vastaanota", exact: true }).click();
  await learner.waitForURL(/\/wallet\/credentials\/[0-9a-f]+/);
  ok((await text(learner)).includes("Tapahtumatekniikan osaajaksi"), "the credential in Finnish");
  ok((await text(learner)).includes("4 (hyvä 4)") || (await text(learner)).includes("4 ("), "her grade is in her wallet");
  await accessible(learner, "credential page");
  await learner.goto(`${base}/wallet/credentials`);
  ok(await learner.locator(".card").count() === 1, "one card in the wallet");
  await accessible(learner, "wallet");
  await shot(learner, "learner-wallet");

  // 3. She shares it, hiding the grade.
  console.log("learner shares a link hiding the grade");
  await learner.goto(`${base}/wallet/shares`);
  await learner.locator("input[name=credential]").first().check();
  await learner.getByLabel("Arvosana", { exact: true }).check();
  await learner.getByLabel("Voimassa", { exact: true }).selectOption("30d");
  await learner.getByRole("button", { name: "Luo linkki", exact: true }).click();
  await learner.locator("#new .share-url").waitFor();
  const link = await learner.locator("#new .share-url").innerText();
  ok(link.startsWith(`${base}/s/`), `a share link (${link})`);
  await accessible(learner, "share links");
  await shot(learner, "learner-share-link");

  // 4. The employer opens it: genuine and current, and no grade.
  console.log("employer opens the link");
  const employerContext = await context();
  const employer = await employerContext.newPage();
  await employer.goto(`${link}?lang=en`);
  await employer.locator("[data-verdict]").first().waitFor();
  ok(await employer.locator('[data-verdict="valid"]').count() === 1, "the verdict is valid");
  let page = await text(employer);
  ok(page.includes("Genuine and current"), "says genuine and current");
  ok(page.includes("Maija Meikäläinen"), "shows the learner's name");
  ok(page.includes("Learning outcomes"), "shows the learning outcomes");
  ok(!page.includes("4 (good 4)"), "does not show the grade");
  await accessible(employer, "share page");
  await shot(employer, "employer-verdict");
  // On a phone: nothing wider than the screen.
  await employer.setViewportSize({ width: 390, height: 844 });
  const wide = await employer.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  ok(wide <= 0, `the share page fits a phone (${wide}px too wide)`);
  await shot(employer, "employer-verdict-phone");
  await employer.setViewportSize({ width: 1200, height: 900 });
  // The printable certificate.
  await employer.goto(`${link}/print?lang=en`);
  ok(await employer.locator(".certificate .qr svg").count() === 1, "the certificate has its QR code");
  await employer.emulateMedia({ media: "print" });
  await shot(employer, "certificate-print");
  await employer.emulateMedia({ media: "screen" });
  const certQr = join(shots, "certificate-qr.png");
  await employer.locator(".certificate .qr svg").screenshot({ path: certQr });

  // The employer pastes the link into the check page, then uploads the picture of the
  // certificate's QR code: a verdict each time.
  console.log("employer checks the link and a picture of the QR code");
  await employer.goto(`${base}/check?lang=en`);
  await employer.locator("#credential").fill(link);
  await employer.getByRole("button", { name: "Check", exact: true }).click();
  await employer.locator("[data-verdict]").first().waitFor();
  ok(await employer.locator('[data-verdict="valid"]').count() === 1, "a pasted share link is checked: valid");
  ok(await employer.locator('[data-via="link"]').count() === 1, "read from the link");
  await accessible(employer, "check page with a link's verdict");
  await shot(employer, "employer-check-link");
  await employer.goto(`${base}/check?lang=fi`);
  await employer.locator("#file").setInputFiles(certQr);
  await employer.getByRole("button", { name: "Tarkista", exact: true }).click();
  await employer.locator("[data-verdict]").first().waitFor();
  ok(await employer.locator('[data-verdict="valid"]').count() === 1, "a photo of the certificate's QR code is checked: valid");
  ok(await employer.locator('[data-via="picture"]').count() === 1, "read from the picture");
  await shot(employer, "employer-check-qr-picture");
  // A JPEG (what a phone camera saves) of the same code.
  const certJpeg = join(shots, "certificate-qr.jpg");
  await employer.goto(`${link}/print?lang=en`);
  await employer.locator(".certificate .qr svg").screenshot({ path: certJpeg, type: "jpeg", quality: 80 });
  await employer.goto(`${base}/check?lang=sv`);
  await employer.locator("#file").setInputFiles(certJpeg);
  await employer.getByRole("button", { name: "Kontrollera", exact: true }).click();
  await employer.locator("[data-verdict]").first().waitFor();
  ok(await employer.locator('[data-verdict="valid"]').count() === 1, "a JPEG of the QR code is checked: valid");

  // 4b. OpenID4VP, in Finnish: the employer asks from /check ("Pyydä lompakosta"), the
  // learner answers in her web wallet in her own browser context, and the employer's
  // page turns into the verdict.
  console.log("employer asks the learner's wallet (OpenID4VP)");
  const asker = await employerContext.newPage();
  await asker.goto(`${base}/check?lang=fi`);
  await asker.getByRole("button", { name: "Pyydä lompakosta", exact: true }).click();
  await asker.waitForURL(/\/check\/wallet\/[A-Za-z0-9_-]+/);
  ok((await text(asker)).includes("Odotetaan vastausta"), "the request page waits for the wallet");
  ok(await asker.locator(".qr svg").count() === 1, "a QR code for the wallet");
  await accessible(asker, "request from a wallet");
  await shot(asker, "employer-asks-wallet");
  const requestLink = await asker.locator("[data-request-text]").inputValue();
  ok(requestLink.startsWith("openid4vp://?client_id=x509_hash"), `an openid4vp link (${requestLink.slice(0, 40)})`);
  await learner.goto(`${base}/wallet/answer?lang=fi&request=${encodeURIComponent(requestLink)}`);
  await learner.locator("[data-request]").waitFor();
  let ask = await text(learner);
  ok(ask.includes("Kuka pyytää"), "the wallet says who asks");
  ok(ask.includes("Tapahtumatekniikan osaajaksi"), "the wallet names the credential");
  await accessible(learner, "answer a request");
  await shot(learner, "learner-answers-request");
  await learner.getByRole("button", { name: "Hyväksy ja lähetä", exact: true }).click();
  await learner.locator('[data-answer="sent"]').waitFor();
  await shot(learner, "learner-answer-sent");
  // The employer's page reloads itself until the answer is in.
  await asker.locator("[data-verdict]").first().waitFor({ timeout: 30000 });
  ok(await asker.locator('[data-verdict="valid"]').count() === 1, "the answer's verdict is valid");
  page = await text(asker);
  ok(page.includes("Aito ja voimassa"), "says aito ja voimassa");
  ok(page.includes("Maija Meikäläinen"), "shows the learner's name");
  await accessible(asker, "verdict of a wallet's answer");
  await shot(asker, "employer-wallet-verdict");

  // 5. The provider revokes it.
  console.log("provider revokes");
  await provider.goto(`${base}/provider/registry?q=Maija`);
  await accessible(provider, "registry");
  await provider.getByRole("link", { name: "Revoke…", exact: true }).first().click();
  await provider.locator("[data-employer-sees]").waitFor();
  ok((await text(provider)).includes("It is no longer valid"), "the confirmation says what employers will see");
  await accessible(provider, "revocation confirmation");
  await provider.getByLabel("Reason (required)").fill("awarded in error");
  await provider.getByRole("button", { name: "Revoke the credential", exact: true }).click();
  await provider.locator('[data-standing="revoked"]').waitFor();
  await shot(provider, "provider-revoked");

  // 6. The same link now says revoked, in each language.
  console.log("employer opens the link again");
  await employer.goto(`${link}?lang=en`);
  ok(await employer.locator('[data-verdict="revoked"]').count() === 1, "the verdict is revoked");
  ok((await text(employer)).includes("Revoked"), "says revoked");
  await shot(employer, "employer-revoked");
  await employer.goto(`${link}?lang=fi`);
  ok((await text(employer)).includes("Mitätöity"), "says mitätöity");
  await employer.goto(`${link}?lang=sv`);
  ok((await text(employer)).includes("Återkallat"), "says återkallat");

  // The learner's wallet knows too: revoked, and progress leaves it out saying why.
  console.log("learner's wallet shows the revocation");
  await learner.goto(`${base}/wallet/credentials?lang=fi`);
  ok(await learner.locator('.card [data-standing="revoked"]').count() === 1, "her card says revoked");
  ok((await text(learner)).includes("mitätöity"), "in Finnish: mitätöity");
  ok((await learner.locator("[data-left-out]").innerText()).includes("mitätöity"), "progress leaves it out and says why");
  ok(!(await text(learner)).includes("Suoritettu: Tapahtumatekniikan"), "progress no longer counts it");
  await accessible(learner, "wallet with a revoked credential");
  await shot(learner, "learner-wallet-revoked");

  // She downloads a backup and restores it in a fresh browser as a new account.
  console.log("learner restores a backup in the web wallet");
  await learner.locator("#bk-pass").fill("maijan oma salasana");
  const [download] = await Promise.all([
    learner.waitForEvent("download"),
    learner.getByRole("button", { name: "Lataa varmuuskopio", exact: true }).click(),
  ]);
  const backupFile = join(shots, "wallet-backup.json");
  await download.saveAs(backupFile);
  const restorer = await (await context()).newPage();
  await restorer.goto(`${base}/wallet?lang=en`);
  await restorer.locator("[data-restore-link]").click();
  await restorer.waitForURL(`${base}/wallet/restore`);
  await accessible(restorer, "restore page");
  await restorer.locator("#rs-file").setInputFiles(backupFile);
  await restorer.locator("#rs-user").fill("maija-restored");
  await restorer.locator("#rs-pass").fill("maijan oma salasana");
  await restorer.getByRole("button", { name: "Restore", exact: true }).click();
  await restorer.waitForURL(/\/wallet\/credentials\?restored=1/);
  ok(await restorer.locator(".card").count() === 1, "the restored wallet holds her credential");
  ok((await text(restorer)).includes("restored from the backup"), "says it was restored");
  await shot(restorer, "learner-restored");

  // 7. Keyboard only: the skip link first, then the menu; a form submitted with Enter.
  console.log("keyboard");
  const keys = await (await context()).newPage();
  await keys.goto(`${base}/check?lang=en`);
  await keys.keyboard.press("Tab");
  ok((await keys.evaluate(() => document.activeElement.textContent)).includes("Skip to content"), "Tab reaches the skip link first");
  await keys.keyboard.press("Enter");
  await keys.locator("#credential").focus();
  await keys.keyboard.type("not a credential");
  await keys.keyboard.press("Tab"); // the file input
  await keys.keyboard.press("Tab"); // the button
  ok(await keys.evaluate(() => document.activeElement.tagName) === "BUTTON", "Tab reaches the check button");
  await keys.keyboard.press("Enter");
  await keys.locator("[data-verdict]").first().waitFor();
  ok(await keys.locator('[data-verdict="not_credential"]').count() === 1, "random text is not a credential");
  ok(await keys.locator('[data-verdict="not_genuine"]').count() === 0, "and not called not genuine");
  ok(!(await text(keys)).includes("Not genuine"), "no word of forgery");
  await accessible(keys, "check page with a result");
  await shot(keys, "employer-check-not-a-credential");

  // 8. Every public page, in every language, passes the WCAG checks.
  for (const lang of ["fi", "sv", "en"]) {
    for (const path of ["/", "/check", "/catalogue", "/catalogue/ensiapuryhmassa-toimiminen", "/wallet/restore"]) {
      await keys.goto(`${base}${path}?lang=${lang}`);
      ok(await keys.locator(`html[lang="${lang}"]`).count() === 1, `${path} in ${lang}`);
      await accessible(keys, `${path} in ${lang}`);
    }
  }
  console.log("all steps passed");
} catch (e) {
  console.error(String(e && e.stack ? e.stack : e));
  await browser.close();
  process.exit(1);
}
await browser.close();
