// Zhiku web chat: plain JavaScript against the REST API (cookie sign-in). No build step.
(function () {
  'use strict';
  const $ = id => document.getElementById(id);
  const i18n = window.ZhikuI18n;
  const t = (...a) => i18n.t(...a);
  const state = { me: null, kbs: [], kb: localStorage.getItem('zhiku.kb') || '', session: null, busy: false, abort: null, docPage: 0, docQuery: '' };
  const DocPageSize = 20;

  // ---------- helpers ----------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(node.dataset, v);
      else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(c));
    return node;
  }

  async function api(path, options = {}) {
    const init = { credentials: 'same-origin', ...options, headers: { ...(options.headers || {}) } };
    if (options.json !== undefined) {
      init.method = init.method || 'POST';
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.json);
    }
    const response = await fetch(path, init);
    if (response.status === 401 && path !== '/api/session') { showLogin(); throw new Error(t('wrongSignIn')); }
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch { /* not JSON */ }
      throw new Error(detail);
    }
    return response.status === 204 ? null : response.json();
  }

  // Errors are shown where they happened (beside the form, row or answer), never in a toast over the page.
  function showError(id, message) { $(id).textContent = message || ''; }

  const kbPath = kb => '/api/kbs/' + encodeURIComponent(kb);
  // "3 pages · 2 OCR · 1 unread": what the knowledge base could not read from the file's own text.
  const pagesNote = p => {
    if (!p) return null;
    const parts = [t('pagesTotal', p.total)];
    if (p.ocr) parts.push(t('pagesOcr', p.ocr));
    if (p.empty) parts.push(t('pagesEmpty', p.empty));
    if (p.skipped) parts.push(t('pagesSkipped', p.skipped));
    return el('div', { class: 'muted small pages-note' + (p.empty || p.skipped ? ' warn' : ''), text: parts.join(' · ') });
  };
  const formatSize = n => n < 1024 ? n + ' B' : n < 1048576 ? (n / 1024).toFixed(1) + ' KB' : (n / 1048576).toFixed(1) + ' MB';
  const headingUnderTitle = (title, heading) => heading === title ? '' : heading.startsWith(title + ' > ') ? heading.slice(title.length + 3) : heading;
  function where(c) {
    const h = headingUnderTitle(c.title || '', c.heading || '');
    const page = c.page ? (i18n.lang === 'zh' ? `第 ${c.page} 页` : `p. ${c.page}`) : '';
    return [h, page].filter(Boolean).join(' · ');
  }

  // ---------- sign in ----------
  function showLogin() {
    $('app').classList.add('hidden');
    $('login').classList.remove('hidden');
    $('login-user').focus();
  }

  async function showApp(me) {
    state.me = me;
    $('me').textContent = `${t('signedInAs')} ${me.user} (${me.role})`;
    $('login').classList.add('hidden');
    $('app').classList.remove('hidden');
    await loadKbs();
    await loadHistory();
  }

  $('login-form').addEventListener('submit', async e => {
    e.preventDefault();
    $('login-error').textContent = '';
    try {
      const me = await api('/api/session', { json: { user: $('login-user').value.trim(), password: $('login-password').value } });
      $('login-password').value = '';
      await showApp(me);
    } catch { $('login-error').textContent = t('wrongSignIn'); }
  });

  $('sign-out').addEventListener('click', async () => {
    await api('/api/session', { method: 'DELETE' }).catch(() => null);
    state.session = null;
    showLogin();
  });

  // ---------- knowledge bases ----------
  async function loadKbs() {
    const data = await api('/api/kbs');
    // 'default' first (and chosen when nothing else was chosen before), then the rest by name as listed.
    state.kbs = [...data.kbs].sort((a, b) => (b.name === 'default') - (a.name === 'default'));
    if (!state.kbs.some(k => k.name === state.kb)) state.kb = state.kbs.length ? state.kbs[0].name : '';
    const select = $('kb-select');
    select.replaceChildren(...state.kbs.map(k => el('option', { value: k.name, text: k.personal ? `${k.name} (${t('personalKb')})` : k.name })));
    select.value = state.kb;
    renderKbTable();
    if (!$('view-manage').classList.contains('hidden')) await loadManage();
    updateEmptyState();
  }

  function updateEmptyState() {
    const nothing = !state.kbs.length;
    const reader = state.me && state.me.role === 'reader';
    $('empty-chat').querySelector('p').textContent = nothing ? t(reader ? 'nothingShared' : 'noKb') : t('emptyChat');
    $('composer').classList.toggle('hidden', nothing);
    // A reader cannot create a shared knowledge base: offer only a personal one, and say so.
    $('kb-personal').checked = reader ? true : $('kb-personal').checked;
    $('kb-personal').disabled = !!reader;
    $('kb-policy-note').textContent = reader ? t('readerPersonalOnly') : '';
  }

  function selectKb(name) {
    if (name !== state.kb) { state.docPage = 0; state.docQuery = ''; $('doc-search').value = ''; }
    state.kb = name;
    localStorage.setItem('zhiku.kb', name);
    $('kb-select').value = name;
    renderKbTable();
  }

  $('kb-select').addEventListener('change', async () => {
    selectKb($('kb-select').value);
    newChat();
    if (!$('view-manage').classList.contains('hidden')) await loadManage();
  });

  function renderKbTable() {
    $('kb-rows').replaceChildren(...state.kbs.map(k => el('tr', { class: k.name === state.kb ? 'selected' : '' },
      el('td', {}, el('button', { class: 'link', text: k.name, onclick: async () => { selectKb(k.name); await loadManage(); } }),
        k.personal ? el('span', { class: 'tag', text: t('personalKb') }) : null),
      el('td', { text: k.policy }),
      el('td', { text: String(k.documents) }),
      el('td', { text: k.role }),
      el('td', {}, k.role === 'owner' ? el('button', { class: 'link danger', text: t('delete'), onclick: () => deleteKb(k.name) }) : null))));
  }

  async function deleteKb(name) {
    if (!confirm(t('confirmDeleteKb', name))) return;
    showError('kb-error', '');
    try { await api(kbPath(name), { method: 'DELETE' }); await loadKbs(); } catch (err) { showError('kb-error', err.message); }
  }

  $('kb-form').addEventListener('submit', async e => {
    e.preventDefault();
    $('kb-error').textContent = '';
    try {
      const kb = await api('/api/kbs', { json: { name: $('kb-name').value.trim(), policy: $('kb-policy').value, personal: $('kb-personal').checked } });
      $('kb-name').value = '';
      selectKb(kb.name);
      await loadKbs();
    } catch (err) { $('kb-error').textContent = err.message; }
  });

  // ---------- views ----------
  document.querySelectorAll('.tab').forEach(tab => tab.addEventListener('click', async () => {
    document.querySelectorAll('.tab').forEach(x => x.classList.toggle('active', x === tab));
    $('view-chat').classList.toggle('hidden', tab.dataset.view !== 'chat');
    $('view-manage').classList.toggle('hidden', tab.dataset.view !== 'manage');
    if (tab.dataset.view === 'manage') await loadManage();
  }));

  // ---------- chat history ----------
  async function loadHistory() {
    const data = await api('/api/chats');
    $('history-list').replaceChildren(...data.sessions.map(s => el('li', { class: s.id === state.session ? 'active' : '' },
      el('button', { class: 'open', title: `${s.title} — ${s.kb}`, text: s.title, onclick: () => openSession(s) }),
      el('button', { class: 'remove', 'aria-label': t('delete'), text: '×', onclick: () => deleteSession(s.id) }))));
  }

  async function openSession(s) {
    const data = await api('/api/chats/' + s.id);
    selectKb(s.kb);
    state.session = s.id;
    clearMessages();
    let question = null;
    for (const m of data.messages) {
      if (m.role === 'user') { addUserMessage(m.text); question = m.text; }
      else renderAnswer(addAssistantMessage(), m.answer || { found: false, answer: m.text, citations: [], closest: [] }, s.kb, question);
    }
    await loadHistory();
  }

  async function deleteSession(id) {
    showError('history-error', '');
    try { await api('/api/chats/' + id, { method: 'DELETE' }); } catch (err) { showError('history-error', err.message); return; }
    if (state.session === id) newChat();
    await loadHistory();
  }

  function clearMessages() {
    $('messages').replaceChildren($('empty-chat'));
    $('empty-chat').classList.add('hidden');
    closeSource();
  }

  function newChat() {
    state.session = null;
    clearMessages();
    $('empty-chat').classList.remove('hidden');
    loadHistory().catch(() => null);
  }

  $('new-chat').addEventListener('click', newChat);

  // ---------- asking ----------
  function addUserMessage(text) {
    $('empty-chat').classList.add('hidden');
    $('messages').append(el('div', { class: 'msg user' }, el('div', { class: 'bubble', text })));
  }

  function addAssistantMessage() {
    const bubble = el('div', { class: 'bubble streaming' }, el('div', { class: 'answer-text', text: t('thinking') }));
    $('messages').append(el('div', { class: 'msg assistant' }, bubble));
    return bubble;
  }

  const scrollDown = () => { const m = $('messages'); m.scrollTop = m.scrollHeight; };

  function setBusy(busy) {
    state.busy = busy;
    $('send').classList.toggle('hidden', busy);
    $('stop').classList.toggle('hidden', !busy);
    document.querySelectorAll('.answer-actions .regenerate').forEach(b => { b.disabled = busy; });
  }

  async function ask(question) {
    if (state.busy || !state.kb) return;
    addUserMessage(question);
    await answerInto(addAssistantMessage(), question);
  }

  // Asks and renders the answer into one bubble; used for a new question and to regenerate an answer.
  async function answerInto(bubble, question) {
    setBusy(true);
    bubble.classList.add('streaming');
    bubble.replaceChildren(el('div', { class: 'answer-text', text: t('thinking') }));
    scrollDown();
    const kb = state.kb;
    const body = state.session ? { question, session_id: state.session } : { question, save: true };
    const controller = new AbortController();
    state.abort = controller;
    let streamed = '';
    try {
      const response = await fetch(kbPath(kb) + '/ask', {
        method: 'POST', credentials: 'same-origin', signal: controller.signal,
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' }, body: JSON.stringify(body),
      });
      if (!response.ok) {
        let detail = response.statusText;
        try { detail = (await response.json()).detail; } catch { /* not JSON */ }
        throw new Error(detail);
      }
      await readEvents(response, (event, data) => {
        if (event === 'session') state.session = data.session_id;
        else if (event === 'delta') { streamed += data.text; bubble.querySelector('.answer-text').textContent = streamed; scrollDown(); }
        else if (event === 'answer') renderAnswer(bubble, data, kb, question);
        else if (event === 'error') throw new Error(data.detail);
      });
      await loadHistory();
    } catch (err) {
      bubble.classList.remove('streaming');
      const stopped = controller.signal.aborted;
      const text = el('div', { class: 'answer-text' }, stopped ? streamed : '');
      const note = el('div', { class: stopped ? 'meta-line stopped' : 'error answer-error', text: stopped ? t('stopped') : err.message });
      bubble.replaceChildren(text, note, actions(bubble, { answer: streamed }, question, false));
    } finally {
      state.abort = null;
      setBusy(false);
      scrollDown();
    }
  }

  $('stop').addEventListener('click', () => { if (state.abort) state.abort.abort(); });

  async function readEvents(response, onEvent) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        if (data) onEvent(event, JSON.parse(data));
      }
    }
  }

  // The answer's Markdown with a "\u0003" token after each sentence the citation check found unsupported.
  function markedSource(answer) {
    let text = answer.answer || '';
    if (!Array.isArray(answer.sentences)) return text;
    let from = 0;
    for (const s of answer.sentences) {
      const plain = s.text.replace(/\s*\[\d+(?:[,，-]\d+)*\]/g, '').trim();
      const at = plain ? text.indexOf(plain, from) : -1;
      if (at < 0) continue;
      let end = at + plain.length;
      const markers = /^(?:\s*\[\d+(?:[,，-]\d+)*\])*/.exec(text.slice(end));
      end += markers ? markers[0].length : 0;
      if (s.supported === false) { text = text.slice(0, end) + '\u0003' + text.slice(end); end += 1; }
      from = end;
    }
    return text;
  }

  function renderAnswer(bubble, answer, kb, question) {
    bubble.classList.remove('streaming');
    const byN = new Map((answer.citations || []).map(c => [c.n, c]));
    const text = el('div', { class: 'answer-text markdown' });
    if (!answer.found) {
      text.append(el('span', { class: 'notfound', text: answer.answer }));
    } else {
      text.append(window.ZhikuMarkdown.render(markedSource(answer), token => {
        if (token === '\u0003') return [el('span', { class: 'badge-unsupported', text: t('notSupported') })];
        const chips = [...token.matchAll(/\d+/g)].map(x => Number(x[0])).filter(n => byN.has(n))
          .map(n => el('button', { class: 'chip', 'data-n': n, title: byN.get(n).title, text: String(n), onclick: e => openCitation(kb, byN.get(n), e.currentTarget, bubble) }));
        return chips;
      }));
    }
    const parts = [text];
    if ((answer.citations || []).length) {
      parts.push(el('div', { class: 'citations' }, el('strong', { text: t('sources') }),
        answer.citations.map(c => el('button', { class: 'citation', onclick: e => openCitation(kb, c, e.currentTarget.querySelector('.chip'), bubble) },
          el('span', { class: 'chip', text: String(c.n) }), el('span', { class: 'cite-title', text: c.title }), el('span', { text: where(c) })))));
    }
    if ((answer.closest || []).length) {
      parts.push(el('div', { class: 'meta-line', text: t('closest') }), el('ul', { class: 'closest' }, answer.closest.map(d => el('li', { text: d.title }))));
    }
    if (answer.mode === 'extractive' && answer.found) parts.push(el('div', { class: 'meta-line', text: t('extractive') }));
    if (answer.notice) parts.push(el('div', { class: 'meta-line', text: answer.notice }));
    parts.push(el('div', { class: 'error citation-error', role: 'alert' }));
    if (question) parts.push(actions(bubble, answer, question, true));
    bubble.replaceChildren(...parts);
  }

  // Copy, regenerate and rating controls under an answer.
  function actions(bubble, answer, question, rateable) {
    const feedback = { id: null, rating: null };
    const copy = el('button', { class: 'ghost small copy', text: t('copy'), onclick: async () => {
      await copyText(answer.answer || '');
      copy.textContent = t('copied');
      setTimeout(() => { copy.textContent = t('copy'); }, 1500);
    } });
    const regenerate = el('button', { class: 'ghost small regenerate', text: t('regenerate'), disabled: state.busy, onclick: () => { if (!state.busy) answerInto(bubble, question); } });
    const box = el('div', { class: 'feedback-box hidden' });
    const comment = el('input', { class: 'feedback-comment', maxlength: '2000', placeholder: t('feedbackComment') });
    const status = el('span', { class: 'feedback-status muted' });
    const error = el('span', { class: 'error feedback-error', role: 'alert' });
    const send = async (rating, withComment) => {
      error.textContent = '';
      const json = feedback.id
        ? { id: feedback.id, rating, comment: withComment ? comment.value : undefined }
        : { rating, question, answer: answer.answer || '', session_id: state.session || undefined, comment: withComment ? comment.value : undefined };
      try {
        const saved = await api(kbPath(state.kb) + '/feedback', { json });
        feedback.id = saved.id;
        feedback.rating = rating;
        up.classList.toggle('active', rating === 'up');
        down.classList.toggle('active', rating === 'down');
        status.textContent = withComment ? t('feedbackThanks') : '';
        box.classList.remove('hidden');
      } catch (err) { error.textContent = err.message; }
    };
    const up = el('button', { class: 'ghost small rate up', 'aria-label': t('helpful'), title: t('helpful'), text: t('helpful'), onclick: () => send('up', false) });
    const down = el('button', { class: 'ghost small rate down', 'aria-label': t('notHelpful'), title: t('notHelpful'), text: t('notHelpful'), onclick: () => send('down', false) });
    box.append(comment, el('button', { class: 'ghost small feedback-send', text: t('sendComment'), onclick: () => send(feedback.rating || 'down', true) }), status);
    return el('div', { class: 'answer-actions' }, copy, regenerate, rateable ? [up, down] : null, error, rateable ? box : null);
  }

  async function copyText(text) {
    try { await navigator.clipboard.writeText(text); return; } catch { /* no clipboard permission: fall back */ }
    const area = el('textarea', { class: 'offscreen' });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }

  async function openCitation(kb, c, chip, bubble) {
    document.querySelectorAll('.chip.active').forEach(x => x.classList.remove('active'));
    if (chip) chip.classList.add('active');
    const error = bubble ? bubble.querySelector('.citation-error') : null;
    if (error) error.textContent = '';
    try {
      const p = await api(`${kbPath(kb)}/documents/${c.doc_id}/passage?start=${c.start}&end=${c.end}`);
      $('source-title').textContent = p.title;
      $('source-where').textContent = [`[${c.n}]`, where({ title: p.title, heading: p.heading, page: p.page })].filter(Boolean).join(' ');
      const text = $('source-text');
      const mark = el('mark', { id: 'source-highlight', text: p.text.slice(p.highlight_start, p.highlight_end) });
      text.replaceChildren(p.text.slice(0, p.highlight_start), mark, p.text.slice(p.highlight_end));
      $('source-link').href = p.download_url;
      $('source-panel').classList.remove('hidden');
      mark.scrollIntoView({ block: 'center' });
    } catch (err) { if (error) error.textContent = err.message; }
  }

  function closeSource() {
    $('source-panel').classList.add('hidden');
    document.querySelectorAll('.chip.active').forEach(x => x.classList.remove('active'));
  }

  $('close-source').addEventListener('click', closeSource);
  $('composer').addEventListener('submit', e => {
    e.preventDefault();
    const q = $('question').value.trim();
    if (q) { $('question').value = ''; ask(q); }
  });
  $('question').addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); $('composer').requestSubmit(); }
  });

  // ---------- manage: documents, uploads, access ----------
  async function loadManage() {
    const kb = state.kbs.find(k => k.name === state.kb);
    $('manage-kb-name').textContent = kb ? kb.name : '';
    $('documents-card').classList.toggle('hidden', !kb);
    $('access-card').classList.toggle('hidden', !kb);
    if (!kb) return;
    const canEdit = kb.role === 'editor' || kb.role === 'owner';
    $('upload-form').classList.toggle('hidden', !canEdit);
    $('access-form').classList.toggle('hidden', !canEdit || kb.personal);
    await Promise.all([loadDocuments(kb, canEdit), loadAccess(kb, canEdit)]);
  }

  async function loadDocuments(kb, canEdit) {
    showError('doc-error', '');
    const query = new URLSearchParams({ offset: String(state.docPage * DocPageSize), limit: String(DocPageSize) });
    if (state.docQuery) query.set('q', state.docQuery);
    let data;
    try { data = await api(`${kbPath(kb.name)}/documents?${query}`); } catch (err) { showError('doc-error', err.message); return; }
    if (!data.documents.length && state.docPage > 0 && data.total > 0) { state.docPage = Math.floor((data.total - 1) / DocPageSize); return loadDocuments(kb, canEdit); }
    const first = data.total ? data.offset + 1 : 0;
    $('doc-page-info').textContent = t('pageInfo', first, data.offset + data.documents.length, data.total);
    $('doc-prev').disabled = state.docPage === 0;
    $('doc-next').disabled = data.offset + data.documents.length >= data.total;
    $('doc-empty').textContent = data.total ? '' : t(state.docQuery ? 'noMatchingDocs' : 'noDocs');
    $('doc-rows').replaceChildren(...data.documents.map(d => el('tr', {},
      el('td', {}, el('a', { href: `${kbPath(kb.name)}/documents/${d.id}/file`, target: '_blank', rel: 'noopener', text: d.title })),
      el('td', {}, [d.format, pagesNote(d.pages)]),
      el('td', { text: formatSize(d.size_bytes) }),
      el('td', { text: String(d.chunks) }),
      el('td', {}, d.groups.map(g => el('span', { class: 'tag', text: g }))),
      el('td', {}, el('span', { class: 'status ' + d.status, text: t(d.status) })),
      el('td', {}, canEdit ? [
        el('button', { class: 'link', text: t('reindex'), onclick: () => reindex(kb.name, d) }),
        el('button', { class: 'link danger', text: t('delete'), onclick: () => deleteDocument(kb.name, d) })] : null))));
  }

  async function reindex(kb, d) {
    showError('doc-error', '');
    try { const job = await api(`${kbPath(kb)}/documents/${d.id}/reindex`, { method: 'POST' }); trackJob(job, addUploadRow(d.title), kb); } catch (err) { showError('doc-error', err.message); }
  }

  async function deleteDocument(kb, d) {
    if (!confirm(t('confirmDeleteDoc', d.title))) return;
    showError('doc-error', '');
    try { await api(`${kbPath(kb)}/documents/${d.id}`, { method: 'DELETE' }); await loadManage(); } catch (err) { showError('doc-error', err.message); }
  }

  function addUploadRow(label) {
    const bar = el('div', { class: 'bar' }, el('span'));
    const status = el('span', { class: 'status', text: t('uploading') });
    const reason = el('div', { class: 'upload-reason error' });
    $('uploads').prepend(el('li', { class: 'upload-item' }, el('span', { class: 'upload-name', text: label }), bar, status, reason));
    return { bar, status, reason };
  }

  // A rejected upload or file is shown as failed on its own row, with the reason.
  function failRow(row, reasons) {
    setProgress(row, 1, 'failed');
    row.reason.replaceChildren(...reasons.map(r => el('div', { text: r })));
  }

  function setProgress(row, fraction, key, cls) {
    row.bar.firstChild.style.width = Math.round(Math.max(0, Math.min(1, fraction)) * 100) + '%';
    row.status.textContent = t(key);
    row.status.className = 'status ' + (cls || key);
    if (cls === 'completed' || key === 'completed') row.bar.classList.add('done');
    if (key === 'failed') row.bar.classList.add('failed');
  }

  $('upload-form').addEventListener('submit', e => {
    e.preventDefault();
    const files = [...$('upload-files').files];
    if (!files.length || !state.kb) return;
    const form = new FormData();
    files.forEach(f => form.append('file', f, f.name));
    if ($('upload-groups').value.trim()) form.append('groups', $('upload-groups').value.trim());
    const kb = state.kb;
    const row = addUploadRow(files.map(f => f.name).join(', '));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', kbPath(kb) + '/documents');
    xhr.upload.onprogress = ev => { if (ev.lengthComputable) setProgress(row, 0.5 * ev.loaded / ev.total, 'uploading'); };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* empty */ }
      if (xhr.status === 202 && body) trackJob(body, row, kb);
      else failRow(row, [(body && body.detail) || xhr.statusText || String(xhr.status)]);
    };
    xhr.onerror = () => failRow(row, [t('uploadNetworkError')]);
    xhr.send(form);
    $('upload-files').value = '';
  });

  function trackJob(job, row, kb) {
    setProgress(row, 0.5, 'queued');
    const source = new EventSource(`/api/jobs/${job.id}/events`);
    const update = e => {
      const j = JSON.parse(e.data);
      const fraction = 0.5 + 0.5 * (j.files_total ? j.files_done / j.files_total : 1);
      const finished = j.status === 'completed' || j.status === 'failed';
      const bad = (j.files || []).filter(f => f.status === 'failed' || f.status === 'skipped');
      if (!finished) setProgress(row, fraction, j.status === 'running' ? 'running' : j.status);
      else {
        source.close();
        if (j.status === 'failed' || (bad.length && bad.length === (j.files || []).length)) failRow(row, bad.length ? bad.map(f => `${f.name}: ${f.reason || t('failed')}`) : [j.error || t('failed')]);
        else {
          setProgress(row, 1, 'completed');
          if (bad.length) { row.status.textContent = t('partlyDone'); row.status.className = 'status skipped'; row.reason.replaceChildren(...bad.map(f => el('div', { text: `${f.name}: ${f.reason || t('failed')}` }))); }
        }
        if (kb === state.kb) loadManage().then(loadKbs).catch(() => null);
      }
    };
    source.addEventListener('progress', update);
    source.addEventListener('done', update);
    source.onerror = () => source.close();
  }

  $('doc-search').addEventListener('input', () => {
    clearTimeout(state.docSearchTimer);
    state.docSearchTimer = setTimeout(() => { state.docQuery = $('doc-search').value.trim(); state.docPage = 0; loadManage().catch(() => null); }, 250);
  });
  $('doc-prev').addEventListener('click', () => { if (state.docPage > 0) { state.docPage--; loadManage().catch(() => null); } });
  $('doc-next').addEventListener('click', () => { state.docPage++; loadManage().catch(() => null); });

  const dropzone = $('dropzone');
  ['dragenter', 'dragover'].forEach(n => dropzone.addEventListener(n, e => { e.preventDefault(); dropzone.classList.add('over'); }));
  ['dragleave', 'drop'].forEach(n => dropzone.addEventListener(n, () => dropzone.classList.remove('over')));
  dropzone.addEventListener('drop', e => { e.preventDefault(); $('upload-files').files = e.dataTransfer.files; });

  async function loadAccess(kb, canEdit) {
    const data = await api(kbPath(kb.name) + '/access');
    $('access-owner').textContent = `${t('owner')}: ${data.owner || '—'}` + (data.personal ? ` · ${t('personalKb')}` : '');
    $('access-rows').replaceChildren(...data.entries.map(a => el('tr', {},
      el('td', { text: a.user === '*' ? `* (${t('everyone')})` : a.user }),
      el('td', { text: a.role }),
      el('td', {}, canEdit ? el('button', { class: 'link danger', text: t('remove'), onclick: () => setAccess(kb, a.user, 'none') }) : null))));
  }

  async function setAccess(kb, user, role) {
    $('access-error').textContent = '';
    try { await api(kbPath(kb.name) + '/access', { method: 'PUT', json: { user, role } }); await loadAccess(kb, true); } catch (err) { $('access-error').textContent = err.message; }
  }

  $('access-form').addEventListener('submit', async e => {
    e.preventDefault();
    const kb = state.kbs.find(k => k.name === state.kb);
    if (kb) { await setAccess(kb, $('access-user').value.trim(), $('access-role').value); $('access-user').value = ''; }
  });

  // ---------- start ----------
  document.querySelectorAll('[data-lang-toggle]').forEach(b => b.addEventListener('click', () => {
    i18n.toggle();
    if (state.me) { $('me').textContent = `${t('signedInAs')} ${state.me.user} (${state.me.role})`; renderKbTable(); updateEmptyState(); }
  }));
  i18n.apply();
  api('/api/me').then(showApp).catch(showLogin);
})();
