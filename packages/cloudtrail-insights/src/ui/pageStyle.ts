/** The page's style sheet: dashboard and chat. @internal */
export const PAGE_STYLE = `
  :root { --ink:#1d2330; --muted:#667085; --line:#e4e7ec; --accent:#2563eb; --bad:#b42318; --warn:#b54708; }
  * { box-sizing: border-box; }
  body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", sans-serif; color:var(--ink); background:#f7f8fa; }
  header { padding:14px 24px; background:#111827; color:#fff; display:flex; align-items:baseline; gap:16px; }
  header h1 { margin:0; font-size:18px; } header span { color:#9ca3af; font-size:12px; }
  .layout { display:grid; grid-template-columns: minmax(380px, 500px) minmax(0, 1fr); align-items:start; }
  @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
  form#query { display:flex; flex-wrap:wrap; gap:12px; align-items:end; padding:14px 24px; background:#fff; border-bottom:1px solid var(--line); }
  label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); gap:4px; }
  input, select, button, textarea { font:inherit; padding:6px 8px; border:1px solid var(--line); border-radius:6px; }
  button { background:var(--accent); color:#fff; border:0; padding:7px 16px; cursor:pointer; }
  button:disabled { opacity:.45; cursor:default; }
  button.quiet { background:#eef2ff; color:var(--accent); padding:2px 8px; font-size:12px; }
  main { display:grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap:16px; padding:16px 24px; }
  section { background:#fff; border:1px solid var(--line); border-radius:10px; padding:14px 16px; min-width:0; }
  section h2 { margin:0 0 10px; font-size:14px; }
  .wide { grid-column: 1 / -1; }
  table { border-collapse:collapse; width:100%; font-size:12px; }
  td, th { padding:3px 6px; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
  .heat td { width:3.6%; height:18px; padding:0; border:1px solid #fff; text-align:center; font-size:9px; color:#fff; }
  .heat th { font-weight:normal; color:var(--muted); font-size:10px; padding:0 3px; }
  .bar { display:flex; align-items:center; gap:8px; margin:3px 0; }
  .bar i { display:block; height:10px; background:var(--accent); border-radius:3px; }
  .bar b { font-weight:500; min-width:190px; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
  .sev-high { color:var(--bad); font-weight:600; } .sev-medium { color:var(--warn); }
  pre { background:#0b1020; color:#d1e0ff; padding:10px; border-radius:8px; overflow:auto; max-height:320px; font-size:11px; }
  .muted { color:var(--muted); } .stat { display:inline-block; margin-right:18px; } .stat b { font-size:18px; display:block; }
  #status { color:var(--muted); font-size:12px; }
  /* The chat comes after the dashboard in the document (forms, tab order) and first on screen. */
  #chat { order:-1; position:sticky; top:0; height:100vh; display:flex; flex-direction:column; background:#fff; border-right:1px solid var(--line); }
  #chat h2 { margin:0; padding:12px 16px; font-size:15px; border-bottom:1px solid var(--line); display:flex; gap:8px; align-items:center; }
  #chat h2 span { flex:1; } #chat-model { color:var(--muted); font-size:11px; font-weight:normal; }
  #chat-notice { margin:10px 16px 0; padding:8px 10px; border-radius:8px; background:#fffaeb; color:#7a2e0e; font-size:12px; }
  #chat-notice:empty { display:none; }
  .quick { display:flex; flex-wrap:wrap; gap:6px; padding:8px 16px 0; }
  #chat-log { flex:1; overflow:auto; padding:12px 16px; display:flex; flex-direction:column; gap:10px; }
  .msg { padding:8px 12px; border-radius:10px; max-width:100%; overflow-wrap:anywhere; }
  .msg.user { align-self:flex-end; background:#eef2ff; white-space:pre-wrap; }
  .msg.assistant { background:#f9fafb; border:1px solid var(--line); }
  .msg.assistant[data-state=streaming] .answer::after { content:"▍"; color:var(--accent); }
  .msg .answer p { margin:6px 0; } .msg .answer table { margin:6px 0; }
  .msg .note { color:var(--muted); font-size:12px; } .msg .error { color:var(--bad); font-size:12px; }
  .tool-call { border:1px dashed #c7d2fe; border-radius:8px; padding:6px 8px; margin:6px 0; font-size:12px; background:#fff; }
  .tool-call b { font-family:ui-monospace, monospace; } .tool-call code { font-size:11px; color:var(--muted); }
  .tool-call[data-status=running] .result::before { content:"running…"; color:var(--muted); }
  .tool-call[data-status=error] .result { color:var(--bad); }
  #chat-form { display:flex; gap:8px; padding:10px 16px 14px; border-top:1px solid var(--line); align-items:end; }
  #chat-form textarea { flex:1; resize:vertical; min-height:44px; max-height:200px; }
  #chat-form .buttons { display:flex; flex-direction:column; gap:6px; }
  #chat-stop { background:var(--bad); } #chat-clear { background:#e5e7eb; color:var(--ink); font-size:12px; padding:3px 10px; }
`;
