/**
 * The chat's browser script. Sends a question with the dashboard's selection to `POST /api/chat`, reads the
 * server-sent events from the streamed body (EventSource cannot POST), renders the answer with `renderMarkdown`
 * as it grows, shows each tool call as it starts and ends, and aborts the fetch on stop (the server then cancels
 * the agent). Without Bedrock it says why and offers the quick questions, answered by the MCP tools. @internal
 */
export const CHAT_SCRIPT = `
const chat = { controller: null, current: null, available: false };
const chatLog = $('chat-log');
function sessionId() {
  let id = sessionStorage.getItem('chat-session');
  if (!id) { id = crypto.randomUUID(); sessionStorage.setItem('chat-session', id); }
  return id;
}
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
function scrollChat() { chatLog.scrollTop = chatLog.scrollHeight; }
function setBusy(busy) {
  $('chat-send').disabled = busy || !chat.available;
  $('chat-stop').disabled = !busy;
  $('chat-input').disabled = !chat.available;
}
function addUser(text) { chatLog.appendChild(el('div', 'msg user', text)); scrollChat(); }
function addAssistant() {
  const box = el('div', 'msg assistant');
  box.dataset.state = 'streaming';
  const answer = el('div', 'answer');
  box.appendChild(answer);
  chatLog.appendChild(box);
  scrollChat();
  return { box, answer, text: '', pending: false, tools: {} };
}
function drawAnswer(turn) {
  if (turn.pending) return;
  turn.pending = true;
  requestAnimationFrame(() => { turn.pending = false; turn.answer.innerHTML = renderMarkdown(turn.text); scrollChat(); });
}
function toolCard(turn, name, input) {
  const card = el('div', 'tool-call');
  card.dataset.status = 'running';
  card.dataset.tool = name;
  card.appendChild(el('span', '', 'Tool '));
  card.appendChild(el('b', '', name));
  card.appendChild(el('div', '')).appendChild(el('code', 'args', JSON.stringify(input)));
  card.appendChild(el('div', 'result'));
  // The text so far is complete; the card follows it and the answer goes on below the card.
  turn.answer.innerHTML = renderMarkdown(turn.text);
  turn.box.appendChild(card);
  const answer = el('div', 'answer');
  turn.box.appendChild(answer);
  turn.answer = answer;
  turn.text = '';
  scrollChat();
  return card;
}
function finish(turn, state, note, isError) {
  turn.answer.innerHTML = renderMarkdown(turn.text);
  turn.box.dataset.state = state;
  if (note) turn.box.appendChild(el('div', isError ? 'error' : 'note', note));
  for (const card of turn.box.querySelectorAll('.tool-call[data-status=running]')) card.dataset.status = 'stopped';
  scrollChat();
}
function handle(turn, type, data) {
  if (type === 'text') { turn.text += data.text; drawAnswer(turn); }
  else if (type === 'tool_start') turn.tools[data.id] = toolCard(turn, data.name, data.input);
  else if (type === 'tool_end') {
    const card = turn.tools[data.id];
    if (card) { card.dataset.status = data.status; card.querySelector('.result').textContent = data.summary; }
  } else if (type === 'done') finish(turn, 'done', data.stopReason === 'endTurn' ? '' : 'Stopped: ' + data.stopReason);
  else if (type === 'error') finish(turn, 'error', data.message + (data.requestId ? ' (request ' + data.requestId + ')' : ''), true);
}
async function ask(question) {
  question = question.trim();
  if (!question || chat.controller || !chat.available) return;
  addUser(question);
  const turn = addAssistant();
  chat.current = turn;
  chat.controller = new AbortController();
  setBusy(true);
  try {
    const response = await fetch('/api/chat', {
      method: 'POST', headers: { 'content-type': 'application/json' }, signal: chat.controller.signal,
      body: JSON.stringify({ sessionId: sessionId(), message: question, window: dashboardSelection() }),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      finish(turn, 'error', (body.error && body.error.message) || 'Request failed (' + response.status + ')', true);
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\\n\\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = 'message', data = '';
        for (const line of frame.split('\\n')) {
          if (line.startsWith('event: ')) type = line.slice(7);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        if (data) handle(turn, type, JSON.parse(data));
      }
    }
    if (turn.box.dataset.state === 'streaming') finish(turn, 'error', 'The answer ended early.', true);
  } catch (error) {
    if (error.name === 'AbortError') finish(turn, 'stopped', 'Stopped.');
    else finish(turn, 'error', String(error), true);
  } finally {
    chat.controller = null;
    setBusy(false);
  }
}
async function quick(question) {
  const box = addAssistant();
  const card = toolCard(box, '…', {});
  try {
    const response = await fetch('/api/chat/quick', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: question.id, window: dashboardSelection() }),
    });
    const body = await response.json();
    if (!response.ok) { card.remove(); finish(box, 'error', body.error.message, true); return; }
    box.box.insertBefore(el('div', 'note', body.question), card);
    card.dataset.tool = body.tool;
    card.querySelector('b').textContent = body.tool;
    card.querySelector('.args').textContent = JSON.stringify(body.input);
    card.dataset.status = body.status;
    card.querySelector('.result').textContent = body.summary;
    box.text = body.markdown;
    finish(box, 'done', 'Tool output, no model.');
  } catch (error) {
    finish(box, 'error', String(error), true);
  }
}
async function initChat() {
  const response = await fetch('/api/chat/status');
  const status = await response.json();
  chat.available = status.available === true;
  if (chat.available) $('chat-model').textContent = status.modelId;
  else {
    $('chat-notice').textContent = 'Claude is not available here: ' + status.reason + '. There are no model answers; the buttons below run the MCP tools directly on the dashboard selection.';
    for (const q of status.questions) {
      const b = el('button', 'quiet', q.label);
      b.type = 'button';
      b.dataset.quick = q.id;
      b.addEventListener('click', () => quick(q));
      $('chat-quick').appendChild(b);
    }
  }
  setBusy(false);
}
$('chat-form').addEventListener('submit', (e) => { e.preventDefault(); const q = $('chat-input').value; $('chat-input').value = ''; ask(q); });
$('chat-input').addEventListener('keydown', (e) => {
  // Enter sends; Shift+Enter is a new line; Enter that confirms Japanese IME input does not send.
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); $('chat-form').requestSubmit(); }
});
$('chat-stop').addEventListener('click', () => { if (chat.controller) chat.controller.abort(); });
$('chat-clear').addEventListener('click', async () => {
  if (chat.controller) chat.controller.abort();
  chatLog.textContent = '';
  await fetch('/api/chat/clear', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionId: sessionId() }) });
});
document.addEventListener('click', (e) => {
  const button = e.target.closest('[data-ask]');
  if (!button) return;
  if (chat.available) ask(button.dataset.ask);
  else { $('chat-input').value = button.dataset.ask; $('chat-input').focus(); }
});
initChat().catch((error) => { $('chat-notice').textContent = 'Chat unavailable: ' + String(error); });
`;
