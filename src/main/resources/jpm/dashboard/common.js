// Shared by the pages: the token for actions, a tiny element builder, number formats, events.
'use strict';
const jpm = (() => {
  const token = document.querySelector('meta[name="jpm-token"]').content;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  }

  // Actions are POSTs with the token in a header: the server refuses them from any other page.
  async function post(url, body) {
    const r = await fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-Jpm-Token': token},
      body: JSON.stringify(body)
    });
    let json = {};
    try { json = await r.json(); } catch (e) { json = {error: r.status + ' ' + r.statusText}; }
    return {ok: r.ok, status: r.status, body: json};
  }

  function bytes(n) {
    if (n === null || n === undefined) return '';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
  }

  function percent(p) {
    return p === null || p === undefined ? '' : p.toFixed(1) + '%';
  }

  function duration(ms) {
    if (ms === null || ms === undefined) return '';
    const s = Math.floor(ms / 1000);
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm';
    if (s < 86400) return Math.floor(s / 3600) + 'h';
    return Math.floor(s / 86400) + 'd';
  }

  function status(s) {
    return el('span', {class: 'status status-' + s, 'data-status': s, text: s});
  }

  function daemon(state) {
    const d = document.getElementById('daemon');
    d.textContent = state === 'up' ? 'daemon up' : state === 'down' ? 'daemon not running' : 'reconnecting…';
    d.className = 'daemon ' + (state || '');
  }

  // One line of the events list: when, who, what, and why (the cause).
  function eventItem(e) {
    const s = e.subject || {};
    const who = s.namespace + '/' + s.name + (s.instance !== null && s.instance !== undefined ? '#' + s.instance : '')
      + (s.pid ? ' pid ' + s.pid : '');
    const time = (e.at || '').replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    return el('li', {'data-type': e.type},
      el('span', {class: 'muted', text: time + '  '}), who + '  ',
      el('span', {class: 'type', text: e.type}),
      e.cause ? el('span', {class: 'cause', text: '  (' + e.cause + ')'}) : '');
  }

  function addEvent(list, e, max) {
    list.prepend(eventItem(e));
    while (list.children.length > max) list.lastChild.remove();
  }

  return {el, post, bytes, percent, duration, status, daemon, addEvent};
})();
