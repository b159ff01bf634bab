// Times the HTML report in headless Chromium: load, a filter, a text search and opening a card.
//   node bench/html_report.mjs REPORT.html [RUNS]
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// The driver lives with the browser test, which installs it.
const require = createRequire(new URL("../tests/browser/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [report, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];

const profile = mkdtempSync(join(tmpdir(), "posture-bench-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium", headless: true, chromiumSandbox: false, args: FLAGS,
  viewport: { width: 1280, height: 1000 },
});
const timings = { load: [], filter: [], search: [], card: [] };
let rows = 0;
try {
  for (let run = 0; run < runs; run++) {
    const page = await context.newPage();
    const start = Date.now();
    await page.goto(pathToFileURL(report).href, { waitUntil: "load" });
    timings.load.push(Date.now() - start);
    rows = await page.locator("#findings-table tbody tr.f").count();
    // In-page timings: from the change to the counter's update, without the driver's round trips.
    timings.filter.push(await page.evaluate(() => {
      const select = document.getElementById("f-status");
      const begin = performance.now();
      select.value = "FAIL";
      select.dispatchEvent(new Event("change"));
      document.body.offsetHeight; // the layout the change causes is part of its cost
      return performance.now() - begin;
    }));
    timings.search.push(await page.evaluate(() => new Promise((resolve) => {
      const search = document.getElementById("f-text");
      const shown = document.getElementById("shown");
      const before = shown.textContent;
      search.value = "learn-public-acl";
      const begin = performance.now();
      search.dispatchEvent(new Event("input"));
      const watch = () => (shown.textContent !== before
        ? (document.body.offsetHeight, resolve(performance.now() - begin - 120))
        : requestAnimationFrame(watch));
      watch();
    })));
    timings.card.push(await page.evaluate(() => {
      const button = document.querySelector("#findings-table tbody tr.f:not([hidden]) button.more");
      const begin = performance.now();
      button.click();
      document.body.offsetHeight;
      return performance.now() - begin;
    }));
    await page.close();
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`rows: ${rows}, runs: ${runs}`);
for (const [name, values] of Object.entries(timings)) {
  console.log(`${name}: median ${median(values).toFixed(0)} ms (${values.map((v) => v.toFixed(0)).join(", ")})`);
}
