// The HTML report in a real browser: Debian's headless Chromium, driven by playwright-core.
//
//   node report.test.mjs REPORT.html REPORT.json RESPONSIBILITY.json SCREENSHOT.png
//
// The JSON report and the responsibility map come from posture's other renderers, so the
// expected row counts and services are not taken from the page under test. Before the real
// checks, the same checks run against a copy of the page without its script, and must fail
// there: a test that cannot fail proves nothing.
import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [reportPath, jsonPath, mapPath, screenshotPath] = process.argv.slice(2);
if (!screenshotPath) {
  console.error("usage: node report.test.mjs REPORT.html REPORT.json RESPONSIBILITY.json SCREENSHOT.png");
  process.exit(2);
}
const report = JSON.parse(readFileSync(jsonPath, "utf8"));
const map = JSON.parse(readFileSync(mapPath, "utf8"));
const findings = report.findings;
const count = (predicate) => findings.filter(predicate).length;

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

class Failure extends Error {}
function expect(condition, message) {
  if (!condition) throw new Failure(message);
}

const visibleRows = (page) =>
  page.locator("#findings-table tbody tr.f:not([hidden])").count();

/** Every check the page must pass; throws a Failure naming the first that does not. */
async function checkPage(context, url, { screenshot } = {}) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  try {
    await page.goto(url, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    expect(problems.length === 0, `console errors on load: ${problems.join(" | ")}`);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow <= 0, `the page is ${overflow} px wider than the window`);

    const total = findings.length;
    expect((await visibleRows(page)) === total, `expected ${total} rows on load`);
    expect(
      (await page.locator("#shown").textContent()) === `${total} of ${total} findings shown`,
      "the counter shows every finding on load",
    );

    // Filters change the visible rows, and combine.
    await page.selectOption("#f-status", "FAIL");
    const fails = count((f) => f.status === "FAIL");
    expect((await visibleRows(page)) === fails, `status FAIL shows ${fails} rows, not ${await visibleRows(page)}`);
    await page.selectOption("#f-service", "s3");
    const s3Fails = count((f) => f.status === "FAIL" && f.service === "s3");
    expect((await visibleRows(page)) === s3Fails, `FAIL and s3 show ${s3Fails} rows`);
    expect(page.url().includes("status=FAIL") && page.url().includes("service=s3"), "the filters are kept in the address");
    await page.selectOption("#f-service", "");
    await page.selectOption("#f-fw", "cis_aws_3_0");
    const cisFails = count((f) => f.status === "FAIL" && "cis_aws_3_0" in (f.compliance || {}));
    expect((await visibleRows(page)) === cisFails, `FAIL and CIS show ${cisFails} rows`);
    await page.selectOption("#f-owner", "shared");
    const sharedCisFails = count((f) => f.status === "FAIL" && f.owner === "shared" && "cis_aws_3_0" in (f.compliance || {}));
    expect((await visibleRows(page)) === sharedCisFails, `FAIL, CIS and shared show ${sharedCisFails} rows`);

    // The text search, then the reset button, by keyboard.
    await page.click("button[type=reset]");
    await page.fill("#f-text", "learn-public-acl");
    // The search waits for typing to pause before it filters.
    await page.waitForFunction((n) => document.querySelectorAll("#findings-table tbody tr.f:not([hidden])").length < n, total);
    const matching = count((f) => JSON.stringify(f.resource).includes("learn-public-acl") || f.message.includes("learn-public-acl"));
    const searched = await visibleRows(page);
    expect(searched >= matching && searched > 0 && searched < total, `search shows ${searched} rows, expected at least ${matching}`);
    await page.focus("button[type=reset]");
    await page.keyboard.press("Enter");
    await page.waitForFunction((n) => document.querySelectorAll("#findings-table tbody tr.f:not([hidden])").length === n, total);

    // A row expands to its learning card by keyboard, with the fix and a copy button.
    const first = page.locator("#findings-table tbody tr.f").first();
    await first.locator("button.more").focus();
    await page.keyboard.press("Enter");
    const card = page.locator("#findings-table tbody tr.card-row").first();
    expect(await card.isVisible(), "Enter on the first row's button opens its learning card");
    const cardText = await card.textContent();
    for (const part of ["Owner:", "Risk:", "Remediation:", "Learn:"]) {
      expect(cardText.includes(part), `the learning card shows ${part}`);
    }
    const copy = card.locator("button.copy");
    if ((await copy.count()) > 0) {
      await copy.click();
      await page.waitForFunction(() => /Cop(ied|y)|Select/.test(document.querySelector("tr.card-row button.copy").textContent));
    }
    await first.locator("button.more").focus();
    await page.keyboard.press("Enter");
    expect(!(await card.isVisible()), "Enter again closes the card");

    // The diagram lists every service this account uses, under its model.
    const diagram = await page.locator("#responsibility").textContent();
    for (const service of map.services) {
      expect(diagram.includes(service.name), `the diagram lists ${service.name}`);
    }
    expect((await page.locator("#responsibility td.line").count()) === 3, "one line per service model");
    await page.click("#responsibility button.svc[data-filter=ec2]");
    const ec2 = count((f) => f.service === "ec2");
    expect((await visibleRows(page)) === ec2, `EC2 on the diagram shows its ${ec2} findings`);
    await page.click("button[type=reset]");
    await page.waitForFunction((n) => document.querySelectorAll("#findings-table tbody tr.f:not([hidden])").length === n, findings.length);

    // Printed, the page leaves its controls out and still renders.
    await page.emulateMedia({ media: "print" });
    const controlsHidden = await page.evaluate(() =>
      ["#filters", "nav", "button.more", "button.copy"].every((selector) =>
        Array.prototype.every.call(document.querySelectorAll(selector), (element) => getComputedStyle(element).display === "none")));
    expect(controlsHidden, "printing leaves out the filters, the navigation and the buttons");
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.length > 10000, `the printed report is ${pdf.length} bytes`);
    await page.emulateMedia({ media: "screen" });

    expect(problems.length === 0, `console errors: ${problems.join(" | ")}`);
    if (screenshot) {
      // The top of the page down to the end of the responsibility diagram: the verdict, the
      // charts, and the services placed on the line.
      await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
      const bottom = await page.evaluate(() => document.getElementById("responsibility").getBoundingClientRect().bottom);
      await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 16 } });
    }
  } finally {
    await page.close();
  }
}

const profile = mkdtempSync(join(tmpdir(), "posture-chromium-"));
const scratch = mkdtempSync(join(tmpdir(), "posture-report-"));
let context;
let exitCode = 0;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    chromiumSandbox: false,
    args: FLAGS,
    viewport: { width: 1280, height: 1000 },
  });
  // Opening the report must not reach the network: anything but the file itself is refused.
  const outside = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    outside.push(url);
    return route.abort();
  });

  const html = readFileSync(reportPath, "utf8");
  const withoutScript = join(scratch, "without-script.html");
  writeFileSync(withoutScript, html.replace(/<script>[\s\S]*<\/script>/, ""));
  let canaryFailed = false;
  try {
    await checkPage(context, pathToFileURL(withoutScript).href);
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    canaryFailed = true;
    console.log(`ok: the checks fail on a page without its script (${error.message})`);
  }
  expect(canaryFailed, "the checks passed on a page without its script: they test nothing");

  await checkPage(context, pathToFileURL(reportPath).href, { screenshot: screenshotPath });
  expect(outside.length === 0, `the report requested ${outside.join(", ")}`);
  console.log(`ok: the report loads without console errors, its filters and search change the visible rows, ` +
    `cards open by keyboard, it prints without its controls, the diagram lists ${map.services.length} services and filters by them; screenshot: ${screenshotPath}`);
} catch (error) {
  console.error(`browser test failed: ${error instanceof Failure ? error.message : error.stack}`);
  exitCode = 1;
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
