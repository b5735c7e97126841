import { renderPage } from '../../webviewPage';
import { PHASE_LABEL } from './panelProtocol';

export interface PanelPageOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

/** The explain/review panel's page: header (title, phase, meta, cancel), turns, findings, follow-up input. */
export function renderAssistPage(o: PanelPageOptions): string {
  return renderPage({
    ...o,
    title: 'Tandem',
    bodyAttributes: { 'data-phase-labels': JSON.stringify(PHASE_LABEL) },
    body: `<header><h1 id="title">Tandem</h1><span id="phase" role="status"></span><span id="meta"></span><button id="cancel" hidden>Cancel</button></header>
<main id="turns" aria-live="polite"></main>
<section id="findings"></section>
<form id="followup" hidden><input id="question" type="text" placeholder="Ask a follow-up about this code…" aria-label="Follow-up question" maxlength="2000"><button type="submit">Ask</button></form>`,
  });
}
