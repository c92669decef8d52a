// The main page: every app with its live status, the events, and the plan of an ecosystem file.
'use strict';
(() => {
  const {el, bytes, percent, status, daemon, addEvent} = jpm;
  const tbody = document.querySelector('#apps tbody');
  const events = document.getElementById('events');

  function render(picture) {
    daemon(picture.daemon);
    tbody.replaceChildren(...picture.apps.map(a => el('tr', {'data-app': a.app},
      el('td', {class: 'name'}, el('a', {href: '/app?app=' + encodeURIComponent(a.app), text: a.name})),
      el('td', {text: a.namespace}),
      el('td', {class: 'state'}, status(a.status)),
      el('td', {class: 'online num', text: a.online + '/' + a.instances}),
      el('td', {class: 'restarts num', text: String(a.restarts)}),
      el('td', {class: 'num', text: percent(a.cpu_percent)}),
      el('td', {class: 'num', text: bytes(a.memory_bytes)}),
      el('td', {class: 'pids', text: a.pids.join(' ')}))));
    document.getElementById('no-apps').hidden = picture.apps.length > 0;
  }

  const stream = new EventSource('/api/stream');
  stream.addEventListener('hello', m => {
    const p = JSON.parse(m.data);
    render(p);
    events.replaceChildren();
    for (const e of p.events) addEvent(events, e, 200);
  });
  stream.addEventListener('picture', m => render(JSON.parse(m.data)));
  stream.addEventListener('event', m => addEvent(events, JSON.parse(m.data), 200));
  stream.onerror = () => daemon('');

  document.getElementById('diff-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const out = document.getElementById('diff-output');
    out.hidden = false;
    out.className = '';
    out.textContent = 'planning…';
    const r = await jpm.post('/api/diff', {file: document.getElementById('diff-file').value.trim()});
    out.className = r.ok ? '' : 'error';
    out.textContent = r.ok ? r.body.text : r.body.error;
  });
})();
