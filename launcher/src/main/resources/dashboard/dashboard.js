// The dashboard: renders the snapshots /ops/stream sends every second; acts only through the node's HTTP routes.
'use strict';

const HISTORY_SECONDS = 300;
const COLORS = ['#3454d1', '#2e7d32', '#ad1457', '#ef6c00', '#6a1b9a', '#00838f', '#5d4037', '#455a64'];
const rates = {};          // context -> [{t, rate}]
let lastAppended = null;   // {t, byContext}
let streaming = null;      // the AbortController of the stream the page reads

const $ = id => document.getElementById(id);
const short = id => (id || '').slice(0, 8);
const text = value => document.createTextNode(value == null ? '' : String(value));

// The operator's token lives in this tab's sessionStorage only (gone with the tab), and goes out in the Authorization
// header of every request the page makes, never in a URL.
function token() { return sessionStorage.getItem('chorus.token'); }
function headers() { const t = token(); return t ? { Authorization: 'Bearer ' + t } : {}; }

/** The node refused the page's token, or it had none: forget it, stop the stream, clear what was shown and ask for one. */
function askForToken(problem) {
  sessionStorage.removeItem('chorus.token');
  if (streaming) streaming.abort();
  streaming = null;
  clear();
  $('token-form').hidden = false;
  $('token-problem').textContent = problem || '';
  $('connection').textContent = 'needs an operator token';
  $('connection').className = 'pill down';
}

$('token-form').addEventListener('submit', event => {
  event.preventDefault();
  sessionStorage.setItem('chorus.token', $('token').value.trim());
  $('token').value = '';
  $('token-problem').textContent = '';
  $('token-form').hidden = true;
  stream();
  const asked = $('journey-id').value.trim();
  if (asked) journey(asked);
});

async function stream() {
  const connection = new AbortController();
  streaming = connection;
  try {
    const response = await fetch('/ops/stream', { headers: headers(), signal: connection.signal });
    if (response.status === 401 || response.status === 403) {
      const problem = await response.json().catch(() => ({}));
      // unless dropped meanwhile: another refusal asked for a token (its abort cut this body short), or a new token streams
      if (streaming === connection) askForToken(problem.detail);
      return;
    }
    $('connection').textContent = 'live';
    $('connection').className = 'pill live';
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const chunk = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = chunk.split('\n').filter(line => line.startsWith('data: ')).map(line => line.slice(6)).join('\n');
        if (data) render(JSON.parse(data));
      }
    }
  } catch (e) {
    // the node went away, or the page dropped the stream
  }
  if (streaming !== connection) return;
  // the node ended the stream (its token expired) or went away: ask again (another node may serve this page's address)
  $('connection').textContent = 'reconnecting';
  $('connection').className = 'pill down';
  setTimeout(() => { if (streaming === connection) stream(); }, 1000);
}

/** Empties every view of the cluster. */
function clear() {
  Object.keys(rates).forEach(context => delete rates[context]);
  lastAppended = null;
  $('members').tBodies[0].replaceChildren();
  $('member-count').textContent = '';
  $('rates').replaceChildren();
  $('subscriptions').replaceChildren();
  $('parked').tBodies[0].replaceChildren();
  $('parked-count').textContent = '';
  $('parked-result').textContent = '';
  $('journey').replaceChildren();
  $('journey-problem').textContent = '';
  $('updated').textContent = '';
  delete document.body.dataset.updatedAt;
  delete document.body.dataset.snapshotLatencyMs;
}

function render(snapshot) {
  renderMembers(snapshot.members);
  renderRates(snapshot.members);
  renderSubscriptions(snapshot.subscriptions, snapshot.members);
  renderParked(snapshot.parked);
  const latency = Date.now() - Date.parse(snapshot.at);
  document.body.dataset.updatedAt = String(Date.now());
  document.body.dataset.snapshotLatencyMs = String(latency);
  $('updated').textContent = 'updated ' + new Date().toLocaleTimeString() + ' (' + latency + ' ms after the node took it)';
}

function renderMembers(members) {
  const body = $('members').tBodies[0];
  body.replaceChildren(...members.map(member => {
    const row = document.createElement('tr');
    row.dataset.node = member.nodeId;
    const ready = member.status && member.status.status === 'READY';
    [[short(member.nodeId), 'id'], [member.httpUrl], [(member.contexts || []).join(', ')], [databases(member.databases), 'databases'],
      [member.startedAt],
      [member.status ? member.status.status : '', ready ? 'ready' : 'not-ready']].forEach(([value, cls]) => {
      const cell = document.createElement('td');
      if (cls) cell.className = cls;
      cell.appendChild(text(value));
      row.appendChild(cell);
    });
    return row;
  }));
  $('member-count').textContent = '(' + members.length + ')';
}

/** Each database a member uses, with the contexts it keeps there: "postgresql://app@db:5432/shop (customers, promotions)". */
function databases(byContext) {
  const contexts = {};
  Object.entries(byContext || {}).forEach(([context, database]) => (contexts[database] = contexts[database] || []).push(context));
  return Object.entries(contexts).map(([database, held]) => database + ' (' + held.sort().join(', ') + ')').join('; ');
}

function renderRates(members) {
  const now = Date.now();
  const byContext = {};
  members.forEach(member => Object.entries((member.status && member.status.appended) || {})
    .forEach(([context, count]) => { byContext[context] = (byContext[context] || 0) + count; }));
  if (lastAppended) {
    const seconds = (now - lastAppended.t) / 1000;
    Object.entries(byContext).forEach(([context, count]) => {
      const rate = Math.max(0, (count - (lastAppended.byContext[context] || 0)) / seconds);
      (rates[context] = rates[context] || []).push({ t: now, rate });
      while (rates[context].length && rates[context][0].t < now - HISTORY_SECONDS * 1000) rates[context].shift();
    });
  }
  lastAppended = { t: now, byContext };
  $('rates').replaceChildren(...Object.keys(rates).sort().map(context => {
    const points = rates[context];
    const max = Math.max(1, ...points.map(p => p.rate));
    const path = points.map(p => ((HISTORY_SECONDS * 1000 - (now - p.t)) / (HISTORY_SECONDS * 1000) * 240).toFixed(1) + ','
      + (40 - p.rate / max * 38).toFixed(1)).join(' ');
    const box = document.createElement('div');
    box.className = 'rate';
    box.dataset.context = context;
    const current = points.length ? points[points.length - 1].rate : 0;
    box.innerHTML = '<strong></strong> <span class="muted"></span>'
      + '<svg width="240" height="42"><polyline fill="none" stroke="#3454d1" stroke-width="1.5" points="' + path + '"/></svg>';
    box.querySelector('strong').textContent = context;
    box.querySelector('span').textContent = current.toFixed(1) + '/s';
    return box;
  }));
}

function renderSubscriptions(subscriptions, members) {
  const color = {};
  members.forEach((member, i) => { color[member.nodeId] = COLORS[i % COLORS.length]; });
  $('subscriptions').replaceChildren(...Object.keys(subscriptions).sort().map(name => {
    const subscription = subscriptions[name];
    const partitions = Object.entries(subscription.partitions).sort((a, b) => a[0] - b[0]);
    const lag = partitions.reduce((sum, [, p]) => sum + Math.max(0, p.lag || 0), 0);
    const block = document.createElement('div');
    block.dataset.subscription = name;
    const title = document.createElement('div');
    title.innerHTML = '<strong></strong> <span class="muted"></span>';
    title.querySelector('strong').textContent = name;
    title.querySelector('span').textContent = 'from ' + subscription.source + ' · lag ' + lag;
    const grid = document.createElement('div');
    grid.className = 'partitions';
    partitions.forEach(([partition, p]) => {
      const cell = document.createElement('div');
      cell.className = 'partition';
      cell.style.background = color[p.owner] || '#9aa3b2';
      cell.title = 'partition ' + partition + ' · owner ' + short(p.owner) + ' · lag ' + (p.lag >= 0 ? p.lag : 'unknown');
      cell.textContent = p.lag > 0 ? p.lag : '';
      grid.appendChild(cell);
    });
    block.append(title, grid);
    return block;
  }));
}

function renderParked(parked) {
  $('parked-count').textContent = '(' + parked.length + ')';
  $('parked').tBodies[0].replaceChildren(...parked.map(event => {
    const row = document.createElement('tr');
    row.dataset.event = event.eventId;
    [event.subscription, short(event.eventId), event.type, event.streamId, event.attempts, event.lastError].forEach(value => {
      const cell = document.createElement('td');
      cell.appendChild(text(value));
      row.appendChild(cell);
    });
    const actions = document.createElement('td');
    ['retry', 'skip'].forEach(action => {
      const button = document.createElement('button');
      button.textContent = action;
      button.dataset.action = action;
      button.addEventListener('click', () => operate(event, action));
      actions.appendChild(button);
    });
    row.appendChild(actions);
    return row;
  }));
}

async function operate(event, action) {
  const path = '/ops/parked/' + encodeURIComponent(event.subscription) + '/' + event.eventId + '/' + action
    + '?node=' + encodeURIComponent(event.node);
  const response = await fetch(path, { method: 'POST', headers: headers() });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) {
    askForToken(body.detail);
    return;
  }
  $('parked-result').textContent = response.ok
    ? action + ' ' + short(event.eventId) + ': ' + body.status + ', ' + body.processed + ' event(s) processed'
    : action + ' ' + short(event.eventId) + ' refused: ' + (body.detail || response.status);
}

$('journey-form').addEventListener('submit', event => { event.preventDefault(); journey($('journey-id').value.trim()); });

async function journey(id) {
  $('journey-problem').textContent = '';
  const response = await fetch('/ops/traces/' + encodeURIComponent(id), { headers: headers() });
  const trace = await response.json().catch(() => ({}));
  if (response.status === 401) {
    askForToken(trace.detail);
    return;
  }
  if (!response.ok) {
    $('journey-problem').textContent = trace.detail || String(response.status);
    return;
  }
  const events = trace.events || [];
  if (!events.length) {
    $('journey-problem').textContent = 'no event belongs to ' + id;
  }
  const span = Math.max(1, ...events.map(e => e.sinceFirstMs));
  const contexts = [...new Set(events.map(e => e.context))];
  const lanes = document.createElement('div');
  lanes.className = 'timeline';
  contexts.forEach(context => {
    const lane = document.createElement('div');
    lane.className = 'lane';
    lane.dataset.context = context;
    const name = document.createElement('span');
    name.className = 'lane-name';
    name.style.left = '-100px';
    name.textContent = context;
    lane.appendChild(name);
    events.filter(e => e.context === context).forEach(e => {
      const dot = document.createElement('span');
      dot.className = 'dot';
      dot.style.left = (e.sinceFirstMs / span * 95).toFixed(2) + '%';
      dot.title = e.type + ' · +' + e.sinceFirstMs.toFixed(1) + ' ms';
      lane.appendChild(dot);
    });
    lanes.appendChild(lane);
  });
  const list = document.createElement('table');
  list.id = 'journey-events';
  list.innerHTML = '<thead><tr><th>+ms</th><th>context</th><th>type</th><th>stream</th></tr></thead><tbody></tbody>';
  events.forEach(e => {
    const row = document.createElement('tr');
    row.dataset.context = e.context;
    [e.sinceFirstMs.toFixed(1), e.context, e.type, e.streamId].forEach(value => {
      const cell = document.createElement('td');
      cell.appendChild(text(value));
      row.appendChild(cell);
    });
    list.tBodies[0].appendChild(row);
  });
  const title = document.createElement('p');
  title.className = 'muted';
  title.textContent = 'conversation ' + trace.correlationId + ' · ' + events.length + ' events from ' + contexts.length + ' contexts'
    + (trace.unanswered && trace.unanswered.length ? ' · no answer from ' + trace.unanswered.join(', ') : '');
  $('journey').replaceChildren(title, lanes, list);
}

if (location.hash.startsWith('#journey=')) {
  const id = decodeURIComponent(location.hash.slice('#journey='.length));
  $('journey-id').value = id;
  journey(id);
}
stream();
