// The API reference: renders this server's OpenAPI description with nothing loaded from elsewhere (works offline).
(function () {
  'use strict';
  const methods = ['get', 'post', 'put', 'patch', 'delete'];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(c));
    return node;
  }

  function resolve(doc, schema) {
    let s = schema || {};
    for (let i = 0; s.$ref && i < 8; i++) s = s.$ref.split('/').slice(1).reduce((o, k) => (o || {})[k], doc) || {};
    return s;
  }

  function typeOf(doc, schema) {
    if (!schema) return '';
    if (schema.$ref) return schema.$ref.split('/').pop();
    const s = resolve(doc, schema);
    if (s.type === 'array' || (Array.isArray(s.type) && s.type.includes('array'))) return typeOf(doc, s.items) + '[]';
    if (Array.isArray(s.type)) return s.type.filter(x => x !== 'null').join(' | ') + (s.type.includes('null') ? '?' : '');
    if (s.oneOf || s.anyOf) return (s.oneOf || s.anyOf).map(x => typeOf(doc, x)).join(' | ');
    return s.type || (s.properties ? 'object' : '');
  }

  function schemaTable(doc, schema) {
    const s = resolve(doc, schema);
    const props = Object.entries(s.properties || {});
    if (!props.length) return el('p', { class: 'muted', text: typeOf(doc, schema) });
    const required = new Set(s.required || []);
    return el('table', {}, el('tr', {}, el('th', { text: 'field' }), el('th', { text: 'type' }), el('th', { text: '' })),
      props.map(([name, p]) => el('tr', {}, el('td', {}, el('code', { text: name })), el('td', { text: typeOf(doc, p) }),
        el('td', { class: 'muted', text: (required.has(name) ? 'required ' : '') + (resolve(doc, p).description || '') }))));
  }

  function operation(doc, path, method, op, anchor) {
    const parts = [el('h3', {}, el('span', { class: 'method ' + method, text: method }), el('code', { class: 'path', text: path }))];
    if (op.summary) parts.push(el('div', { text: op.summary }));
    if (op.description) parts.push(el('div', { class: 'muted', text: op.description }));
    const params = op.parameters || [];
    if (params.length) {
      parts.push(el('h4', { text: 'Parameters' }), el('table', {},
        params.map(p => { const q = resolve(doc, p); return el('tr', {}, el('td', {}, el('code', { text: q.name })), el('td', { text: q.in }), el('td', { text: typeOf(doc, q.schema) }), el('td', { class: 'muted', text: q.required ? 'required' : '' })); })));
    }
    const body = op.requestBody && resolve(doc, op.requestBody);
    if (body && body.content) {
      for (const [type, media] of Object.entries(body.content)) {
        parts.push(el('h4', { text: `Request body (${type})` }), schemaTable(doc, media.schema));
      }
    }
    const responses = Object.entries(op.responses || {});
    if (responses.length) {
      parts.push(el('h4', { text: 'Responses' }), el('table', {}, responses.map(([code, r]) => {
        const res = resolve(doc, r);
        const types = Object.entries(res.content || {}).map(([type, m]) => `${type} ${typeOf(doc, m.schema)}`.trim()).join(', ');
        return el('tr', {}, el('td', {}, el('code', { text: code })), el('td', { text: res.description || '' }), el('td', { class: 'muted', text: types }));
      })));
    }
    return el('section', { class: 'op', id: anchor }, parts);
  }

  function render(doc) {
    const byTag = new Map();
    for (const [path, item] of Object.entries(doc.paths || {})) {
      for (const method of methods) {
        const op = item[method];
        if (!op) continue;
        const tag = (op.tags && op.tags[0]) || 'Other';
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push({ path, method, op: { ...op, parameters: [...(item.parameters || []), ...(op.parameters || [])] } });
      }
    }
    const toc = [];
    const content = [];
    if (doc.info && doc.info.description) content.push(el('p', { text: doc.info.description }));
    content.push(el('p', { class: 'muted', text: 'Authenticate with "Authorization: Bearer zk_…" (an API key) or the web sign-in cookie. / 使用 API key（Authorization: Bearer zk_…）或网页登录。' }));
    let i = 0;
    for (const [tag, ops] of byTag) {
      toc.push(el('h2', { text: tag }));
      content.push(el('h2', { class: 'tag', text: tag }));
      for (const o of ops) {
        const anchor = 'op-' + (i++);
        toc.push(el('a', { href: '#' + anchor, title: `${o.method.toUpperCase()} ${o.path}`, text: `${o.method.toUpperCase()} ${o.path}` }));
        content.push(operation(doc, o.path, o.method, o.op, anchor));
      }
    }
    document.getElementById('toc').replaceChildren(...toc);
    document.getElementById('content').replaceChildren(...content);
  }

  fetch('/openapi/v1.json', { credentials: 'same-origin' })
    .then(r => { if (!r.ok) throw new Error(`${r.status} ${r.statusText}`); return r.json(); })
    .then(render)
    .catch(err => document.getElementById('content').replaceChildren(el('p', { class: 'error', text: `The API description could not be loaded / 无法加载接口说明: ${err.message}` })));
})();
