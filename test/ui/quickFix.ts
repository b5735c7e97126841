/**
 * What a user does with a review: run "Tandem: Review Code…" on the file, open the quick fixes on a
 * finding (Ctrl+.), pick "Apply Tandem's fix", see the line corrected. Screenshots go to docs/media/
 * on every run, so the README's pictures never go stale.
 */
import { strict as assert } from 'node:assert';
import type { Page } from 'playwright-core';
import { editorText } from './ghostText';

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
}

async function goToLine(page: Page, line: number): Promise<void> {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
}

/** Reviews the open file and waits for a Tandem squiggle. */
export async function reviewOpenFile(page: Page): Promise<void> {
  await runCommand(page, 'Tandem: Review Code');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Current file' }).first().waitFor();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Current file' }).first().click();
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30_000 });
}

/** Applies Tandem's fix on `line` through the quick-fix menu; `before`/`after` must appear in the editor. */
export async function applyQuickFix(
  page: Page,
  line: number,
  before: string,
  after: string,
  menuShot: string,
  appliedShot: string,
): Promise<void> {
  assert.ok((await editorText(page)).replace(/\u00a0/g, ' ').includes(before), `"${before}" is in the editor`);
  await goToLine(page, line);
  await page.keyboard.press('Home'); // first non-blank column: inside the finding's range, not before it
  const item = page.locator('.action-widget .monaco-list-row', { hasText: "Apply Tandem's fix" }).first();
  await page.keyboard.press('Control+.');
  await item.waitFor({ timeout: 15_000 }).catch(async () => {
    await page.keyboard.press('Escape'); // a loaded machine may answer the first code-action request late
    await page.keyboard.press('Control+.');
    await item.waitFor({ timeout: 30_000 });
  });
  await page.screenshot({ path: menuShot });
  await item.click();
  await page.waitForFunction(
    (text) =>
      (document.querySelector('.monaco-editor .view-lines') as HTMLElement | null)?.innerText.replace(/\u00a0/g, ' ').includes(text) ??
      false,
    after,
    { timeout: 10_000 },
  );
  await page.screenshot({ path: appliedShot });
}
