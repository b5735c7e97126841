// @ts-check
// Tandem explain/review panel: one state, rendered whole. Messages change the state; render() draws
// it, so a redraw scheduled by a delta can never drop what a later message (error, refusal) added.
// Text is escaped before any markup. Posts cancel/reveal/followup back to the extension; no network.
// Types (checked by tsconfig.media.json, not loaded): the protocol in src/core/assist/panel/panelProtocol.ts.
'use strict';
/** @typedef {import('../src/core/assist/panel/panelProtocol').PanelMessage} PanelMessage */
/** @typedef {import('../src/core/assist/panel/panelProtocol').PageMessage} PageMessage */
/** @typedef {import('../src/core/assist/panel/panelProtocol').PanelPhase} PanelPhase */
/** @typedef {import('../src/core/assist/types').Finding} Finding */
/** @typedef {Extract<PanelMessage, { type: 'done' | 'error' | 'cancelled' | 'refused' }>} EndMessage */
/** @typedef {{ question: string; markdown: string; phase: PanelPhase; message: string; footer: string }} Turn */
/** @typedef {{ title: string; subtitle: string; turns: Turn[]; findings: Finding[]; followup: boolean }} PanelState */
(function () {
  /** @type {VsCodeApi<PanelState, PageMessage>} */
  const vscode = acquireVsCodeApi();
  /** @type {Partial<Record<PanelPhase, string>>} */
  const LABELS = JSON.parse(document.body.dataset.phaseLabels || '{}');
  /** @type {PanelPhase[]} */
  const LIVE = ['thinking', 'streaming'];
  /** @param {string} id */
  const el = (id) => {
    const found = document.getElementById(id);
    if (!found) throw new Error(`assist panel: no #${id} in the page`);
    return found;
  };
  const [title, phase, meta, turnsEl, findingsEl, cancel] = ['title', 'phase', 'meta', 'turns', 'findings', 'cancel'].map(el);
  const form = /** @type {HTMLFormElement} */ (el('followup'));
  const question = /** @type {HTMLInputElement} */ (el('question'));
  /** @type {PanelState} */
  let state = { title: 'Tandem', subtitle: '', turns: [], findings: [], followup: false };
  let renderPending = false;

  cancel.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = question.value.trim();
    if (!q || isLive()) return;
    question.value = '';
    vscode.postMessage({ type: 'followup', question: q });
  });

  window.addEventListener('message', (event) => {
    if (!apply(event.data)) return;
    vscode.setState(state);
    if (event.data.type === 'delta') scheduleRender();
    else render();
  });

  /** @returns {Turn | undefined} */
  const current = () => state.turns[state.turns.length - 1];
  const isLive = () => {
    const turn = current();
    return !!turn && LIVE.includes(turn.phase);
  };
  /** @type {(v: unknown) => v is string} */
  const str = (v) => typeof v === 'string';
  // A turn streams from its start; it shows thinking… only while the model says it is thinking.
  /** @type {(q: string) => Turn} */
  const newTurn = (q) => ({ question: q, markdown: '', phase: 'streaming', message: '', footer: '' });

  /**
   * Applies one message to the state; false when it is malformed or out of order (ignored).
   * @param {unknown} raw
   */
  function apply(raw) {
    if (!raw || typeof raw !== 'object') return false;
    const m = /** @type {Unchecked<PanelMessage>} */ (raw);
    if (!str(m.type)) return false;
    const turn = current();
    switch (m.type) {
      case 'start':
        if (!str(m.title)) return false;
        state = { title: m.title, subtitle: str(m.subtitle) ? m.subtitle : '', turns: [newTurn('')], findings: [], followup: false };
        return true;
      case 'followup':
        if (!str(m.question) || isLive()) return false;
        state.turns.push(newTurn(m.question));
        if (str(m.subtitle)) state.subtitle = m.subtitle;
        state.followup = false;
        return true;
      case 'thinking':
        if (!turn || !isLive()) return false;
        turn.phase = 'thinking';
        return true;
      case 'delta':
        if (!str(m.text) || !turn || !isLive()) return false;
        turn.markdown += m.text;
        turn.phase = 'streaming';
        return true;
      case 'done':
      case 'error':
      case 'cancelled':
      case 'refused':
        return finish(turn, m);
      case 'findings':
        if (!Array.isArray(m.findings)) return false;
        state.findings = m.findings.filter(isFinding);
        return true;
      case 'followupEnabled':
        state.followup = m.enabled === true;
        return true;
      default:
        return false;
    }
  }

  /**
   * The fields the page relies on, checked; severity and fix are shown as given.
   * @param {unknown} f
   * @returns {f is Finding}
   */
  function isFinding(f) {
    if (!f || typeof f !== 'object') return false;
    const v = /** @type {{ [K in keyof Finding]?: unknown }} */ (f);
    return str(v.path) && Number.isInteger(v.line) && str(v.message);
  }

  /**
   * The one way a turn ends; a turn that has ended stays as it ended.
   * @param {Turn | undefined} turn
   * @param {Unchecked<EndMessage, PanelMessage>} m
   */
  function finish(turn, m) {
    if (!turn || !LIVE.includes(turn.phase)) return false;
    if ((m.type === 'error' || m.type === 'refused') && !str(m.message)) return false;
    if ((m.text !== undefined && !str(m.text)) || (m.footer !== undefined && !str(m.footer))) return false;
    if (m.type === 'done' && str(m.text)) turn.markdown = m.text;
    turn.phase = m.type;
    turn.message = str(m.message) ? m.message : '';
    if (str(m.footer) && m.footer) turn.footer = m.footer;
    return true;
  }

  function scheduleRender() {
    if (renderPending) return;
    renderPending = true;
    requestAnimationFrame(() => {
      renderPending = false;
      render();
    });
  }

  function render() {
    const turn = current();
    title.textContent = state.title;
    phase.textContent = turn ? LABELS[turn.phase] || turn.phase : '';
    phase.className = turn ? `phase ${turn.phase}` : 'phase';
    meta.textContent = (turn && turn.footer) || state.subtitle;
    cancel.hidden = !isLive();
    turnsEl.replaceChildren(...state.turns.map(renderTurn));
    renderFindings(state.findings);
    form.hidden = !state.followup || isLive();
  }

  /** @param {Turn} turn */
  function renderTurn(turn) {
    const section = document.createElement('section');
    section.className = `turn ${turn.phase}`;
    if (turn.question) {
      const q = document.createElement('p');
      q.className = 'question';
      q.textContent = turn.question;
      section.appendChild(q);
    }
    const answer = document.createElement('div');
    answer.className = LIVE.includes(turn.phase) ? 'answer streaming' : 'answer';
    answer.innerHTML = renderMarkdown(turn.markdown);
    section.appendChild(answer);
    const note = endNote(turn);
    if (note) section.appendChild(note);
    if (turn.footer && turn !== current()) {
      const f = document.createElement('p');
      f.className = 'turn-footer';
      f.textContent = turn.footer;
      section.appendChild(f);
    }
    return section;
  }

  /**
   * The line that says how a turn ended, when it did not simply finish.
   * @param {Turn} turn
   */
  function endNote(turn) {
    const partial = turn.markdown.trim() !== '';
    /** @type {Partial<Record<PanelPhase, string>>} */
    const texts = {
      thinking: 'Thinking…',
      error: `${partial ? 'Answer incomplete — the stream failed: ' : 'Failed: '}${turn.message}`,
      cancelled: partial ? 'Cancelled — the answer above is incomplete.' : 'Cancelled.',
      refused:
        `${partial ? 'Refused — the model stopped and declined to continue; the text above is partial. ' : 'Refused — the model declined to answer. '}${turn.message}`.trim(),
    };
    const text = texts[turn.phase];
    if (!text || (turn.phase === 'thinking' && partial)) return null;
    const p = document.createElement('p');
    p.className = `end-note ${turn.phase}`;
    p.setAttribute('role', turn.phase === 'thinking' ? 'status' : 'alert');
    p.textContent = text;
    return p;
  }

  /** @param {Finding[]} list */
  function renderFindings(list) {
    findingsEl.replaceChildren();
    if (!list.length) return;
    const h = document.createElement('h2');
    h.textContent = `Findings (${list.length}) — also in the Problems panel`;
    findingsEl.appendChild(h);
    const ul = document.createElement('ul');
    for (const f of list) {
      const li = document.createElement('li');
      li.className = `finding ${f.severity}`;
      const a = document.createElement('a');
      a.href = '#';
      a.textContent = `${f.path}:${f.line}`;
      a.addEventListener('click', (e) => {
        e.preventDefault();
        vscode.postMessage({ type: 'reveal', path: f.path, line: f.line });
      });
      const sev = document.createElement('span');
      sev.className = 'severity';
      sev.textContent = f.severity;
      li.append(sev, ' ', a, ' — ', f.message);
      if (f.fix) {
        const fix = document.createElement('span');
        fix.className = 'has-fix';
        fix.textContent = ' (quick fix available)';
        li.appendChild(fix);
      }
      ul.appendChild(li);
    }
    findingsEl.appendChild(ul);
  }

  /** @param {string} s */
  function escapeHtml(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  /** @param {string} s */
  function inline(s) {
    return escapeHtml(s)
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
  }

  /**
   * Headings, paragraphs, lists, fenced code (an unclosed fence renders as code while streaming).
   * @param {string} text
   */
  function renderMarkdown(text) {
    /** @type {string[]} */
    const out = [];
    const lines = text.split('\n');
    /** @type {{ tag: 'ul' | 'ol'; items: string[] } | null} */
    let list = null;
    /** @type {string[]} */
    let para = [];
    const flushPara = () => {
      if (para.length) out.push(`<p>${inline(para.join(' '))}</p>`);
      para = [];
    };
    const flushList = () => {
      if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${list.tag}>`);
      list = null;
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const fence = /^```(\w*)/.exec(line);
      if (fence) {
        flushPara();
        flushList();
        /** @type {string[]} */
        const code = [];
        while (++i < lines.length && !/^```/.test(lines[i])) code.push(lines[i]);
        out.push(`<pre><code class="lang-${escapeHtml(fence[1])}">${escapeHtml(code.join('\n'))}</code></pre>`);
        continue;
      }
      const heading = /^(#{1,4})\s+(.*)$/.exec(line);
      const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
      const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
      const item = bullet || numbered;
      if (heading) {
        flushPara();
        flushList();
        const level = heading[1].length + 1;
        out.push(`<h${level}>${inline(heading[2])}</h${level}>`);
      } else if (item) {
        flushPara();
        const tag = bullet ? 'ul' : 'ol';
        if (!list || list.tag !== tag) {
          flushList();
          list = { tag, items: [] };
        }
        list.items.push(item[1]);
      } else if (line.trim() === '') {
        flushPara();
        flushList();
      } else {
        flushList();
        para.push(line);
      }
    }
    flushPara();
    flushList();
    return out.join('\n');
  }

  const saved = vscode.getState();
  if (saved && Array.isArray(saved.turns)) state = saved;
  render();
  vscode.postMessage({ type: 'ready' });
})();
