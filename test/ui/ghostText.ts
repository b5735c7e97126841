/**
 * What a user does: open a file, type, see Codestral's ghost text, accept it with Tab.
 * Runs against a real VS Code (code-server) in headless Chromium; screenshots go to test-results/.
 */
import { strict as assert } from 'node:assert';
import type { Page } from 'playwright-core';

export const SCREENSHOT_DIR = 'test-results';

export async function waitForTandem(page: Page): Promise<void> {
  // The status-bar item appears once the extension is active; typing earlier is never answered.
  await page.locator('#workbench\\.parts\\.statusbar [aria-label*="Tandem"]').first().waitFor({ timeout: 180_000 });
}

export async function openFile(page: Page, name: string): Promise<void> {
  await page
    .locator('.monaco-workbench')
    .click({ position: { x: 600, y: 400 } })
    .catch(() => undefined);
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tab[aria-label*="${name}"]`).first().waitFor();
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

export async function editorText(page: Page): Promise<string> {
  return page.locator('.monaco-editor .view-lines').first().innerText();
}

/** Types at the end of the file until ghost text shows; returns its text. */
export async function typeUntilGhostText(page: Page, text: string): Promise<string> {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(text, { delay: 70 });
  const ghost = page.locator('.ghost-text-decoration, .ghost-text').first();
  try {
    await ghost.waitFor({ timeout: 15_000 });
  } catch {
    await page.keyboard.press('Alt+Backslash'); // editor.action.inlineSuggest.trigger
    await ghost.waitFor({ timeout: 15_000 });
  }
  const shown = (await page.locator('.ghost-text-decoration, .ghost-text').allInnerTexts()).join('\n');
  assert.ok(shown.trim().length > 0, 'ghost text is not empty');
  return shown;
}

export async function acceptWithTab(page: Page, shown: string): Promise<void> {
  await page.keyboard.press('Tab');
  await page
    .locator('.ghost-text-decoration')
    .first()
    .waitFor({ state: 'detached', timeout: 5_000 })
    .catch(() => undefined);
  const firstLine = shown.split('\n')[0]!.trim().replace(/\s+/g, ' ');
  const after = (await editorText(page)).replace(/\u00a0/g, ' ').replace(/\s+/g, ' ');
  assert.ok(after.includes(firstLine), `accepted text "${firstLine}" is in the editor`);
}
