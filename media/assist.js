// Tandem explain/review panel: one state, rendered whole. Messages change the state; render() draws
// it, so a redraw scheduled by a delta can never drop what a later message (error, refusal) added.
// Text is escaped before any markup. Posts cancel/reveal/followup back to the extension; no network.
'use strict';
(function () {
  const vscode = acquireVsCodeApi();
  const LABELS = JSON.parse(document.body.dataset.phaseLabels || '{}');
  const LIVE = ['thinking', 'streaming'];
  const el = (id) => document.getElementById(id);
  const [title, phase, meta, turnsEl, findingsEl, cancel, form, question] = [
    'title',
    'phase',
    'meta',
    'turns',
    'findings',
    'cancel',
    'followup',
    'question',
  ].map(el);
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

  const current = () => state.turns[state.turns.length - 1];
  const isLive = () => !!current() && LIVE.includes(current().phase);
  const str = (v) => typeof v === 'string';
  // A turn streams from its start; it shows thinking… only while the model says it is thinking.
  const newTurn = (q) => ({ question: q, markdown: '', phase: 'streaming', message: '', footer: '' });

  /** Applies one message to the state; false when it is malformed or out of order (ignored). */
  function apply(m) {
    if (!m || typeof m !== 'object' || !str(m.type)) return false;
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
        if (!isLive()) return false;
        turn.phase = 'thinking';
        return true;
      case 'delta':
        if (!str(m.text) || !isLive()) return false;
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
        state.findings = m.findings.filter((f) => f && str(f.path) && Number.isInteger(f.line) && str(f.message));
        return true;
      case 'followupEnabled':
        state.followup = m.enabled === true;
        return true;
      default:
        return false;
    }
  }

  /** The one way a turn ends; a turn that has ended stays as it ended. */
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

  /** The line that says how a turn ended, when it did not simply finish. */
  function endNote(turn) {
    const partial = turn.markdown.trim() !== '';
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

  function escapeHtml(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  function inline(s) {
    return escapeHtml(s)
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
  }

  // Headings, paragraphs, lists, fenced code (an unclosed fence renders as code while streaming).
  function renderMarkdown(text) {
    const out = [];
    const lines = text.split('\n');
    let list = null;
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
        const code = [];
        while (++i < lines.length && !/^```/.test(lines[i])) code.push(lines[i]);
        out.push(`<pre><code class="lang-${escapeHtml(fence[1])}">${escapeHtml(code.join('\n'))}</code></pre>`);
        continue;
      }
      const heading = /^(#{1,4})\s+(.*)$/.exec(line);
      const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
      const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
      if (heading) {
        flushPara();
        flushList();
        const level = heading[1].length + 1;
        out.push(`<h${level}>${inline(heading[2])}</h${level}>`);
      } else if (bullet || numbered) {
        flushPara();
        const tag = bullet ? 'ul' : 'ol';
        if (!list || list.tag !== tag) {
          flushList();
          list = { tag, items: [] };
        }
        list.items.push((bullet || numbered)[1]);
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
