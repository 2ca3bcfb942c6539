// Drives Debian's chromium with playwright-core for ClusterViewPlaywrightTest, one page kept open
// the whole test, so that what the test sees is the page updating itself.
//
// Reads one command per line on stdin, fields separated by tabs, and answers each with one line:
// "ok<TAB>value" or "error<TAB>message" (tabs and newlines in either become spaces).
//   launch  <chromium path> <profile dir>
//   open    <url>
//   waitFor <css selector> <timeout ms>      an element matching appears
//   waitGone <css selector> <timeout ms>     no element matches any more
//   waitAttrAbove <css selector> <attribute> <number> <timeout ms>
//   count   <css selector>
//   html    <css selector>                   innerHTML of the first match
//   problems                                 dialogs opened and script errors seen so far
//   screenshot <png path> <width> <height>
//   close
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';

let browser;
let context;
let page;
const problems = [];

const flat = (text) => String(text).replace(/[\t\r\n]+/g, ' ');

async function run(command, args) {
  switch (command) {
    case 'launch': {
      const [executablePath, profile] = args;
      context = await chromium.launchPersistentContext(profile, {
        executablePath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      browser = context;
      page = context.pages()[0] ?? await context.newPage();
      page.on('dialog', async (dialog) => {
        problems.push('dialog: ' + dialog.message());
        await dialog.dismiss();
      });
      page.on('pageerror', (error) => problems.push('script error: ' + error.message));
      return 'launched';
    }
    case 'open':
      await page.goto(args[0]);
      return page.url();
    case 'waitFor':
      await page.waitForSelector(args[0], { state: 'attached', timeout: Number(args[1]) });
      return 'present';
    case 'waitGone':
      await page.waitForSelector(args[0], { state: 'detached', timeout: Number(args[1]) });
      return 'gone';
    case 'waitAttrAbove':
      await page.waitForFunction(
        ([selector, attribute, bound]) => [...document.querySelectorAll(selector)]
          .some((element) => Number(element.getAttribute(attribute)) > bound),
        [args[0], args[1], Number(args[2])],
        { timeout: Number(args[3]) });
      return 'above';
    case 'count':
      return String(await page.locator(args[0]).count());
    case 'html':
      return await page.locator(args[0]).first().innerHTML();
    case 'problems':
      return problems.join(' | ');
    case 'screenshot':
      await page.setViewportSize({ width: Number(args[1]), height: Number(args[2]) });
      await page.screenshot({ path: args[0] });
      return args[0];
    case 'close':
      if (browser) {
        await browser.close();
      }
      return 'closed';
    default:
      throw new Error('unknown command ' + command);
  }
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const [command, ...args] = line.split('\t');
  try {
    process.stdout.write('ok\t' + flat(await run(command, args)) + '\n');
  } catch (error) {
    process.stdout.write('error\t' + flat(error.message) + '\n');
  }
  if (command === 'close') {
    break;
  }
}
if (browser) {
  await browser.close().catch(() => {});
}
