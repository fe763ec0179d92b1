// Call forms in the filters: a graph with an operator call and a method call from
// one function (analyzed by the CLI, loaded as JSON, so no engine is needed); turning
// the `operator` form off removes the operator's edge from the canvas and keeps the
// method's. Needs `npm run build`. CRATEMAP_SHOTS=<folder> saves the before and after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launch, openApp, idle, noProblems } from './app.helpers.mjs';
import { cratemapBin } from './embed.helpers.mjs';

const LIB = `
use std::ops::Add;

pub struct Instant(u64);

impl Instant {
    pub fn ticks(&self) -> u64 {
        self.0
    }
}

impl Add<u64> for Instant {
    type Output = Instant;
    fn add(self, rhs: u64) -> Instant {
        Instant(self.0 + rhs)
    }
}

pub fn later(a: Instant) -> u64 {
    let t = a.ticks();
    let _ = a + t;
    t
}
`;

const SHOTS = process.env.CRATEMAP_SHOTS;
let server, browser, graph;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cratemap-forms-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "clock"\nversion = "0.1.0"\nedition = "2021"\n');
  writeFileSync(join(dir, 'src/lib.rs'), LIB);
  execFileSync(cratemapBin(), ['analyze', dir, '-o', join(dir, 'graph.json')], { stdio: 'ignore' });
  graph = JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Whether the canvas draws a calls edge between the two paths' nodes. */
const drawn = (page, from, to) =>
  page.evaluate(
    ([from, to]) => {
      const c = window.__cratemap;
      const [s, t] = [c.nodeByPath(from), c.nodeByPath(to)];
      if (!s?.displayed || !t?.displayed) return false;
      return c.cy.edges().some((e) => e.data('source') === s.id && e.data('target') === t.id);
    },
    [from, to],
  );

test('turning the operator form off hides the operator edge and keeps the method edge', async () => {
  const forms = graph.edges.filter((e) => e.kind === 'calls').map((e) => e.form);
  assert.ok(forms.includes('operator') && forms.includes('method'), `forms: ${forms.join(', ')}`);
  const { page, context, problems } = await openApp(browser, server.url, { waitForDefault: true });
  await page.evaluate((g) => window.__cratemap.loadGraph(g), graph);
  await idle(page);
  await page.click('#view-switch button[data-view="calls"]');
  await idle(page);
  await page.evaluate(() => window.__cratemap.expandAll());
  await idle(page);
  assert.ok(await drawn(page, 'clock::later', 'clock::Instant::add'), 'the operator edge is drawn');
  assert.ok(await drawn(page, 'clock::later', 'clock::Instant::ticks'), 'the method edge is drawn');
  await page.click('.tab[data-tab="filters"]');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/forms-before.png` });
  const box = page.locator('#filters input[data-filter="form"][value="operator"]');
  assert.ok(await box.isChecked(), 'every form starts shown');
  await box.click();
  await idle(page);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/forms-after.png` });
  assert.ok(!(await drawn(page, 'clock::later', 'clock::Instant::add')), 'the operator edge is gone');
  assert.ok(await drawn(page, 'clock::later', 'clock::Instant::ticks'), 'the method edge stays');
  noProblems(problems);
  await context.close();
});
