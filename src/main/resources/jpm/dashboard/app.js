// One app's page: its instances, live; cpu and memory charts; its events; its logs; the buttons.
'use strict';
(() => {
  const {el, bytes, percent, duration, status, daemon, addEvent} = jpm;
  const app = new URLSearchParams(location.search).get('app') || '';
  const WINDOW_MS = 5 * 60 * 1000;
  document.getElementById('app-name').textContent = app;
  document.title = app + ' · jpm dashboard';
  const tbody = document.querySelector('#instances tbody');
  const events = document.getElementById('events');
  const logs = document.getElementById('logs');

  function render(p) {
    daemon(p.daemon);
    const row = p.apps[0];
    const s = document.getElementById('app-status');
    s.textContent = row ? row.status : 'gone';
    s.className = 'status status-' + (row ? row.status : 'stopped');
    s.setAttribute('data-status', row ? row.status : 'gone');
    tbody.replaceChildren(...p.instances.map(i => el('tr', {'data-id': String(i.id)},
      el('td', {text: String(i.id)}),
      el('td', {text: String(i.instance)}),
      el('td', {class: 'pid', text: i.pid === null ? '' : String(i.pid)}),
      el('td', {class: 'state'}, status(i.status)),
      el('td', {}, i.health ? status(i.health) : ''),
      el('td', {class: 'restarts num', text: String(i.restarts)}),
      el('td', {class: 'num', text: duration(i.uptime_ms)}),
      el('td', {class: 'num', text: percent(i.cpu_percent)}),
      el('td', {class: 'num', text: bytes(i.memory_bytes)}),
      el('td', {class: 'muted', text: i.status_reason || ''}))));
    if (p.samples) {
      const cpu = {}, mem = {};
      for (const [id, pts] of Object.entries(p.samples)) {
        cpu['id ' + id] = pts.map(([t, c]) => [t, c]);
        mem['id ' + id] = pts.map(([t, , m]) => [t, m]);
      }
      chart.draw(document.getElementById('cpu-chart'), cpu, v => v.toFixed(1) + '%', WINDOW_MS);
      chart.draw(document.getElementById('mem-chart'), mem, v => bytes(Math.round(v)), WINDOW_MS);
    }
  }

  const stream = new EventSource('/api/stream?app=' + encodeURIComponent(app));
  stream.addEventListener('hello', m => {
    const p = JSON.parse(m.data);
    render(p);
    events.replaceChildren();
    for (const e of p.events) addEvent(events, e, 200);
  });
  // status changes from before the page opened (jpm describe's history), below the live events
  stream.addEventListener('transitions', m => {
    for (const t of JSON.parse(m.data).reverse()) {
      events.append(el('li', {'data-type': 'transition', class: 'earlier'},
        el('span', {class: 'muted', text: (t.at || '').replace('T', ' ').replace(/\.\d+Z$/, 'Z') + '  '}),
        'id ' + t.id + '  ', el('span', {class: 'type', text: t.from + ' → ' + t.to}),
        t.cause ? el('span', {class: 'cause', text: '  (' + t.cause + ')'}) : ''));
    }
  });
  stream.addEventListener('picture', m => render(JSON.parse(m.data)));
  stream.addEventListener('event', m => addEvent(events, JSON.parse(m.data), 200));
  stream.onerror = () => daemon('');

  const tail = new EventSource('/api/logs?app=' + encodeURIComponent(app));
  tail.addEventListener('line', m => {
    const l = JSON.parse(m.data);
    const stick = logs.scrollTop + logs.clientHeight >= logs.scrollHeight - 4;
    logs.append(el('span', {class: l.stream === 'err' ? 'err' : ''}, '[' + l.instance + '] ' + l.text + '\n'));
    while (logs.childNodes.length > 500) logs.firstChild.remove();
    if (stick) logs.scrollTop = logs.scrollHeight;
  });

  const message = document.getElementById('message');
  for (const b of document.querySelectorAll('.actions button')) {
    b.addEventListener('click', async () => {
      const verb = b.getAttribute('data-verb');
      const body = {verb, app};
      if (verb === 'scale') body.instances = Number(document.getElementById('scale-n').value);
      message.className = 'message';
      message.textContent = verb + '…';
      const r = await jpm.post('/api/action', body);
      message.className = 'message' + (r.ok ? '' : ' error');
      message.textContent = r.ok ? r.body.message : r.body.error;
    });
  }
})();
