import { CHAT_SCRIPT } from './chatScript.js';
import { DASHBOARD_SCRIPT } from './dashboardScript.js';
import { renderMarkdown } from './markdown.js';
import { PAGE_STYLE } from './pageStyle.js';

/**
 * The web UI: one static page, the agent chat beside the analysis dashboard. No framework; the browser does the
 * rendering, model output only through {@link renderMarkdown}. @internal
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CloudTrail developer insights</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><h1>CloudTrail developer insights</h1><span id="source"></span></header>
<div class="layout">
<div>
<form id="query">
  <label>Start (UTC)<input type="datetime-local" id="start" name="start" step="1"></label>
  <label>End (UTC)<input type="datetime-local" id="end" name="end" step="1"></label>
  <label>Identity<select id="identity" name="identity"><option value="">All identities</option></select></label>
  <label><span><input type="checkbox" id="claude" checked> Claude narrative</span></label>
  <button type="submit">Analyse</button>
  <span id="status">Loading...</span>
</form>
<main>
  <section class="wide"><h2>Overview</h2><div id="overview" data-testid="overview"></div></section>
  <section class="wide"><h2>Activity by hour x weekday (UTC)</h2><div id="heatmap" data-testid="heatmap"></div></section>
  <section><h2>Top actions</h2><div id="top-actions" data-testid="top-actions"></div></section>
  <section><h2>Predicted next actions</h2><div id="predictions" data-testid="predictions"></div></section>
  <section><h2>Claude narrative</h2><div id="narrative" data-testid="narrative"></div></section>
  <section class="wide"><h2>Anomalies</h2><div id="anomalies" data-testid="anomalies"></div></section>
  <section class="wide"><h2>Suggested least-privilege policy</h2><div id="policy" data-testid="policy"></div></section>
</main>
</div>
<aside id="chat" data-testid="chat">
  <h2><span>Ask the CloudTrail agent</span><small id="chat-model"></small><button type="button" id="chat-clear">Clear chat</button></h2>
  <div id="chat-notice" role="status"></div>
  <div id="chat-quick" class="quick"></div>
  <div id="chat-log" aria-live="polite"></div>
  <form id="chat-form">
    <textarea id="chat-input" rows="2" maxlength="4000" lang="ja,en" placeholder="e.g. What did bert do yesterday afternoon? / 昨日の午後 bert は何をしましたか？" disabled></textarea>
    <div class="buttons"><button type="submit" id="chat-send" disabled>Send</button><button type="button" id="chat-stop" disabled>Stop</button></div>
  </form>
</aside>
</div>
<script>
${DASHBOARD_SCRIPT}
${renderMarkdown.toString()}
${CHAT_SCRIPT}
</script>
</body>
</html>`;
