// Tandem explain/review panel: renders streamed Markdown safely (text is escaped before any markup),
// lists review findings, and posts cancel/reveal back to the extension. No network, no eval.
'use strict';
(function () {
  const vscode = acquireVsCodeApi();
  const title = document.getElementById('title');
  const meta = document.getElementById('meta');
  const body = document.getElementById('body');
  const findings = document.getElementById('findings');
  const cancel = document.getElementById('cancel');
  let markdown = '';
  let renderPending = false;

  cancel.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m.type === 'start') {
      markdown = '';
      title.textContent = m.title;
      meta.textContent = m.subtitle || '';
      body.replaceChildren();
      findings.replaceChildren();
      cancel.hidden = false;
      body.classList.add('streaming');
    } else if (m.type === 'phase') {
      meta.textContent = m.subtitle;
      body.classList.toggle('thinking', m.phase === 'thinking');
    } else if (m.type === 'delta') {
      markdown += m.text;
      scheduleRender();
    } else if (m.type === 'done') {
      if (typeof m.text === 'string') markdown = m.text;
      render();
      meta.textContent = m.footer || meta.textContent;
      cancel.hidden = true;
      body.classList.remove('streaming');
    } else if (m.type === 'error') {
      render();
      const p = document.createElement('p');
      p.className = 'error';
      p.textContent = m.message;
      body.appendChild(p);
      cancel.hidden = true;
      body.classList.remove('streaming');
    } else if (m.type === 'findings') {
      showFindings(m.findings);
    }
    vscode.setState({ title: title.textContent, meta: meta.textContent, markdown });
  });

  function scheduleRender() {
    if (renderPending) return;
    renderPending = true;
    requestAnimationFrame(() => {
      renderPending = false;
      render();
    });
  }

  function render() {
    body.innerHTML = renderMarkdown(markdown);
  }

  function showFindings(list) {
    findings.replaceChildren();
    if (!list.length) return;
    const h = document.createElement('h2');
    h.textContent = `Findings (${list.length}) — also in the Problems panel`;
    findings.appendChild(h);
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
      ul.appendChild(li);
    }
    findings.appendChild(ul);
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

  const state = vscode.getState();
  if (state) {
    title.textContent = state.title || 'Tandem';
    meta.textContent = state.meta || '';
    markdown = state.markdown || '';
    render();
  }
  vscode.postMessage({ type: 'ready' });
})();
