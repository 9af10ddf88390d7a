// A small, safe Markdown renderer for answers: it builds DOM nodes (text nodes only, never innerHTML), so no markup
// in an answer can run or load anything. Blocks: paragraphs, headings, bullet and numbered lists, fenced code,
// quotes. Inline: `code`, **bold**, *italic*, [text](link) for http(s) and same-site links only. Citation markers
// [n] and the "not supported" token are handed to the caller's inline hook so it can put chips and badges there.
window.ZhikuMarkdown = (function () {
  'use strict';

  function textNode(s) { return document.createTextNode(s); }

  function safeHref(url) {
    const u = url.trim();
    if (/^https?:\/\//i.test(u) || (u.startsWith('/') && !u.startsWith('//'))) return u;
    return null;
  }

  // Inline: returns an array of nodes. hook(token) may turn "[n]" or "\u0003" into nodes.
  function inline(text, hook) {
    const out = [];
    const re = /(`+)([^`]+?)\1|\*\*([^*]+?)\*\*|__([^_]+?)__|\*([^*\s][^*]*?)\*|\[([^\]\n]+)\]\(([^)\s]+)\)|((?:\[\d+(?:[,，-]\s*\d+)*\])+)|(\u0003)/g;
    let last = 0;
    let m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) out.push(textNode(text.slice(last, m.index)));
      if (m[2] !== undefined) { const c = document.createElement('code'); c.textContent = m[2]; out.push(c); }
      else if (m[3] !== undefined || m[4] !== undefined) { const b = document.createElement('strong'); b.append(...inline(m[3] ?? m[4], hook)); out.push(b); }
      else if (m[5] !== undefined) { const i = document.createElement('em'); i.append(...inline(m[5], hook)); out.push(i); }
      else if (m[6] !== undefined) {
        const href = safeHref(m[7]);
        if (href) { const a = document.createElement('a'); a.href = href; a.target = '_blank'; a.rel = 'noopener noreferrer'; a.append(...inline(m[6], hook)); out.push(a); }
        else out.push(textNode(m[0]));
      } else if (m[8] !== undefined || m[9] !== undefined) {
        const nodes = hook ? hook(m[0]) : null;
        out.push(...(nodes || [textNode(m[0])]));
      }
      last = re.lastIndex;
    }
    if (last < text.length) out.push(textNode(text.slice(last)));
    return out;
  }

  function render(source, hook) {
    const root = document.createDocumentFragment();
    const lines = source.replace(/\r\n?/g, '\n').split('\n');
    let para = [];
    let list = null;
    const flush = () => {
      if (para.length) { const p = document.createElement('p'); p.append(...inline(para.join('\n'), hook)); root.append(p); para = []; }
    };
    const endList = () => { list = null; };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      let m;
      if ((m = /^\s*(```|~~~)/.exec(line))) {
        flush(); endList();
        const fence = m[1];
        const code = [];
        for (i++; i < lines.length && !lines[i].trim().startsWith(fence); i++) code.push(lines[i]);
        const pre = document.createElement('pre');
        const c = document.createElement('code');
        c.textContent = code.join('\n');
        pre.append(c);
        root.append(pre);
      } else if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
        flush(); endList();
        const h = document.createElement('h' + Math.min(6, m[1].length + 2));
        h.append(...inline(m[2], hook));
        root.append(h);
      } else if ((m = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/.exec(line))) {
        flush();
        const tag = m[1] ? 'ul' : 'ol';
        if (!list || list.tagName.toLowerCase() !== tag) { list = document.createElement(tag); root.append(list); }
        const li = document.createElement('li');
        li.append(...inline(m[3], hook));
        list.append(li);
      } else if ((m = /^\s*>\s?(.*)$/.exec(line))) {
        flush(); endList();
        const q = document.createElement('blockquote');
        q.append(...inline(m[1], hook));
        root.append(q);
      } else if (line.trim() === '') {
        flush(); endList();
      } else {
        endList();
        para.push(line);
      }
    }
    flush();
    return root;
  }

  return { render, inline };
})();
