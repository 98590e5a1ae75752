// Open web pages in one headless Chromium: run axe-core on each, and take screenshots.
//
//   node pages.cjs JOB.json
//
// JOB.json: {"chromium": "/usr/bin/chromium", "modules": ".../node_modules", "tags": [...],
//            "axe": ["a.html", ...], "shots": [{"page": "a.html", "width": 360, "out": "a-360.png", "dark": false}],
//            "prints": [{"page": "a.html", "out": "a.pdf"}]}
// Prints one JSON object: {"axe": {"a.html": [violations]}, "shots": [{out, scrollWidth}], "prints": ["a.pdf"]}.
// A print is the page as Chromium prints it (print media, A4), to test the print stylesheet.
// The pages forbid scripts with a Content-Security-Policy; axe is injected with the
// policy bypassed, as a browser extension would be.
"use strict";
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");

async function main() {
  const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const puppeteer = require(path.join(job.modules, "puppeteer-core"));
  const axeSource = path.join(job.modules, "axe-core", "axe.min.js");
  const browser = await puppeteer.launch({
    executablePath: job.chromium,
    headless: true,
    args: ["--no-sandbox", "--headless", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--no-first-run", "--disable-gpu", "--font-render-hinting=none"],
  });
  const result = { axe: {}, shots: [], prints: [] };
  try {
    const page = await browser.newPage();
    await page.setBypassCSP(true);
    for (const file of job.axe || []) {
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      await page.addScriptTag({ path: axeSource });
      const found = await page.evaluate(async (tags) => {
        const report = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
        return report.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), summary: n.failureSummary })) }));
      }, job.tags);
      result.axe[file] = found;
    }
    for (const shot of job.shots || []) {
      await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: shot.dark ? "dark" : "light" }]);
      await page.setViewport({ width: shot.width, height: 800 });
      await page.goto(pathToFileURL(shot.page).href, { waitUntil: "load" });
      await page.screenshot({ path: shot.out, fullPage: shot.full !== false });
      result.shots.push({ out: shot.out, scrollWidth: await page.evaluate(() => document.documentElement.scrollWidth) });
    }
    for (const print of job.prints || []) {
      await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
      await page.goto(pathToFileURL(print.page).href, { waitUntil: "load" });
      await page.pdf({ path: print.out, format: "A4", printBackground: true });
      result.prints.push(print.out);
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result));
}

main().catch((error) => { console.error(String(error && error.stack || error)); process.exit(1); });
