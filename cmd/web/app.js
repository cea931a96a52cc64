// negsim serve: the page. Plain JavaScript, no build step. Every number
// shown comes from the server, which computes it with the library the CLI
// uses; this file only builds controls and draws the answers.
"use strict";

const token = new URLSearchParams(location.search).get("token") || "";
const client = Math.random().toString(36).slice(2) + Date.now().toString(36);

// The view: what the URL encodes.
const state = { variant: "", sets: new Map(), seed: 1, runs: 10000, metric: "agreement" };
let model = null; // GET /api/scenario
let params = new Map(); // key -> paramInfo
let choices = new Map(); // key -> choiceInfo
let ctrl = null; // aborts the running stream
let timer = 0;

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") e.textContent = v;
    else if (k === "class") e.className = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
}

function pct(x) {
  return (100 * x).toFixed(1) + "%";
}

function signedPoints(x) {
  return (x >= 0 ? "+" : "−") + Math.abs(100 * x).toFixed(1);
}

// readURL sets the view from the address bar.
function readURL() {
  const q = new URLSearchParams(location.search);
  state.variant = q.get("variant") || "";
  state.sets = new Map();
  for (const kv of q.getAll("set")) {
    const i = kv.indexOf("=");
    if (i > 0) state.sets.set(kv.slice(0, i), kv.slice(i + 1));
  }
  if (q.get("seed")) state.seed = Number(q.get("seed"));
  if (q.get("runs")) state.runs = Number(q.get("runs"));
  if (q.get("metric")) state.metric = q.get("metric");
}

// query encodes the view (and extra fields) for the server; withToken
// adds the token for links that may be opened elsewhere.
function query(extra, opts) {
  const q = new URLSearchParams();
  if (!opts || opts.token !== false) if (token) q.set("token", token);
  if (state.variant) q.set("variant", state.variant);
  for (const [k, v] of state.sets) q.append("set", k + "=" + v);
  q.set("seed", String(state.seed));
  q.set("runs", String(state.runs));
  if (state.metric && state.metric !== "agreement") q.set("metric", state.metric);
  for (const [k, v] of Object.entries(extra || {})) q.set(k, String(v));
  return q.toString();
}

function syncURL() {
  history.replaceState(null, "", "?" + query());
  $("permalink").href = "?" + query();
  $("dl-yaml").href = "/api/scenario.yaml?" + query();
  $("dl-sets").href = "/api/sets.txt?" + query();
  $("dl-results").href = "/api/results.json?" + query();
}

function showError(msg) {
  const e = $("error");
  e.hidden = !msg;
  e.textContent = msg || "";
}

async function getJSON(path, extra) {
  const r = await fetch(path + "?" + query(extra));
  const j = await r.json().catch(() => ({ error: "bad response from the server" }));
  if (!r.ok) throw new Error(j.error || r.statusText);
  return j;
}

// loadModel fetches the parameters and choices. Only the variant and the
// choices change which parameters exist, so the model is fetched with
// those alone: its values are the unmodified ones, to reset to.
async function loadModel() {
  const q = new URLSearchParams();
  if (token) q.set("token", token);
  if (state.variant) q.set("variant", state.variant);
  for (const [k, v] of state.sets) if (isChoice(k)) q.append("set", k + "=" + v);
  const r = await fetch("/api/scenario?" + q.toString());
  const j = await r.json();
  if (!r.ok) throw new Error(j.error);
  model = j;
  renderModel();
}

function isChoice(key) {
  return /^protocol\.(type|format|mediator)$/.test(key) || /^parties\.[^.]+\.strategy\.type$/.test(key);
}

function renderModel() {
  const focused = document.activeElement && document.activeElement.id;
  $("title").textContent = model.title || model.name;
  $("description").textContent = (model.description ? model.description + " " : "") + "Deadline: " + model.deadline + ".";
  const vs = $("variant");
  vs.replaceChildren(el("option", { value: "", text: model.base_variant ? "as started (" + model.base_variant + ")" : "none (the scenario itself)" }));
  for (const v of model.variants) if (v !== model.base_variant) vs.append(el("option", { value: v, text: v }));
  vs.value = state.variant;
  const ms = $("metric");
  ms.replaceChildren(...model.metrics.map((m) => el("option", { value: m.value, text: m.label })));
  ms.value = state.metric;
  $("seed").value = state.seed;
  const rs = $("runs");
  if (![...rs.options].some((o) => o.value === String(state.runs))) rs.append(el("option", { value: String(state.runs), text: state.runs.toLocaleString("en") }));
  rs.value = String(state.runs);

  params = new Map();
  choices = new Map();
  const groups = $("groups");
  groups.replaceChildren();
  const sweep = $("sweep-param");
  sweep.replaceChildren();
  for (const g of model.groups) {
    const det = el("details", { class: "group", open: g.id === "protocol" || g.id.startsWith("party:") ? true : null });
    det.append(el("summary", {}, el("span", { text: g.label }), el("span", { class: "group-changed", "data-group": g.id })));
    const og = el("optgroup", { label: g.label });
    for (const s of g.sections) {
      const sec = el("fieldset", { class: "section" });
      if (s.label) sec.append(el("legend", { text: s.label }));
      for (const c of s.choices || []) {
        choices.set(c.key, c);
        sec.append(choiceControl(c));
      }
      for (const p of s.params || []) {
        p.group = g.id;
        params.set(p.key, p);
        sec.append(paramControl(p));
        og.append(el("option", { value: p.key, text: p.key }));
      }
      det.append(sec);
    }
    groups.append(det);
    if (og.children.length) sweep.append(og);
  }
  if (params.has("parties.russia.reservation")) sweep.value = "parties.russia.reservation";
  sweepDefaults();
  markChanged();
  if (focused && $(focused)) $(focused).focus();
}

function evidence(x) {
  const out = [];
  if (x.source) out.push(el("p", { class: "source" }, el("span", { class: "tag", text: "source " }), x.source));
  if (x.assumption) out.push(el("p", { class: "assumption" }, el("span", { class: "tag", text: "assumption " }), x.assumption));
  return out;
}

function idFor(key) {
  return "p-" + key;
}

function paramControl(p) {
  const id = idFor(p.key);
  p.value = +p.value.toPrecision(6); // a median such as 0.22499999
  const row = el("div", { class: "param", "data-key": p.key });
  const label = el("label", { for: id, text: p.label });
  const range = el("input", {
    type: "range", id: id + "-range", min: p.slider_min, max: p.slider_max, step: p.step,
    value: p.value, "aria-label": p.key + " (slider)",
  });
  const num = el("input", {
    type: "number", id, min: p.min, max: p.max === undefined ? null : p.max, step: p.integer ? 1 : "any",
    value: p.value, "aria-describedby": id + "-info", title: p.key,
  });
  const reset = el("button", { type: "button", class: "reset", "aria-label": "Reset " + p.key, title: "Reset to the scenario's value" }, "↺ reset");
  const range_ = "range [" + p.min + ", " + (p.max === undefined ? "∞" : p.max) + "]";
  const info = el("div", { class: "info", id: id + "-info" },
    el("p", { class: "meta" }, el("code", { text: p.key }), " ", range_, p.dist ? "; random: " + p.dist + " (shown at its median; setting it fixes it)" : ""),
    ...evidence(p));
  row.append(label, range, num, el("span", { class: "mark", text: "changed" }), reset, info);
  if (state.sets.has(p.key)) {
    range.value = state.sets.get(p.key);
    num.value = state.sets.get(p.key);
  }
  range.addEventListener("input", () => {
    num.value = range.value;
    setParam(p.key, range.value);
  });
  num.addEventListener("change", () => {
    const v = num.value.trim();
    const x = Number(v);
    if (v === "" || !Number.isFinite(x) || x < p.min || (p.max !== undefined && x > p.max)) {
      showError(p.key + ": want a number in " + range_ + ", got " + JSON.stringify(num.value));
      return;
    }
    range.value = v;
    setParam(p.key, v);
  });
  reset.addEventListener("click", () => {
    state.sets.delete(p.key);
    range.value = p.value;
    num.value = p.value;
    markChanged();
    schedule();
    num.focus();
  });
  return row;
}

function choiceControl(c) {
  const id = idFor(c.key);
  const row = el("div", { class: "param choice", "data-key": c.key });
  const sel = el("select", { id, "aria-describedby": id + "-info" }, ...c.options.map((o) => el("option", { value: o, text: o })));
  sel.value = state.sets.get(c.key) || c.value;
  const reset = el("button", { type: "button", class: "reset", "aria-label": "Reset " + c.key }, "↺ reset");
  row.append(el("label", { for: id, text: c.label }), sel, el("span", { class: "mark", text: "changed" }), reset,
    el("div", { class: "info", id: id + "-info" }, el("p", { class: "meta" }, el("code", { text: c.key })), ...evidence(c)));
  sel.addEventListener("change", async () => {
    if (sel.value === c.value && !state.sets.has(c.key)) return;
    state.sets.set(c.key, sel.value);
    await reloadModel();
  });
  reset.addEventListener("click", async () => {
    state.sets.delete(c.key);
    await reloadModel();
  });
  return row;
}

async function reloadModel() {
  try {
    await loadModel();
    showError("");
    schedule();
  } catch (e) {
    showError(e.message);
  }
}

function setParam(key, value) {
  state.sets.set(key, value);
  markChanged();
  schedule();
}

function markChanged() {
  const byGroup = new Map();
  for (const row of document.querySelectorAll(".param")) {
    const key = row.dataset.key;
    const on = state.sets.has(key);
    row.classList.toggle("changed", on);
    if (on) {
      const g = (params.get(key) || {}).group || (key.startsWith("protocol.") ? "protocol" : "party:" + key.split(".")[1]);
      byGroup.set(g, (byGroup.get(g) || 0) + 1);
    }
  }
  for (const s of document.querySelectorAll(".group-changed")) {
    const n = byGroup.get(s.dataset.group) || 0;
    s.textContent = n ? " — " + n + " changed" : "";
  }
  const n = state.sets.size;
  $("nchanged").textContent = n ? n + " change" + (n > 1 ? "s" : "") + ": " + [...state.sets].map(([k, v]) => k + "=" + v).join(", ") : "No changes.";
}

// schedule starts a new estimate soon, cancelling the running one.
function schedule() {
  syncURL();
  clearTimeout(timer);
  timer = setTimeout(update, 25);
}

async function update() {
  if (ctrl) ctrl.abort();
  const my = new AbortController();
  ctrl = my;
  $("status").textContent = "computing…";
  $("p").classList.add("stale");
  let resp;
  try {
    resp = await fetch("/api/stream?" + query({ client }), { signal: my.signal });
    if (!resp.ok) {
      const j = await resp.json().catch(() => ({}));
      throw new Error(j.error || resp.statusText);
    }
    const reader = resp.body.getReader();
    const dec = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const chunk = buf.slice(0, i);
        buf = buf.slice(i + 2);
        let event = "message", data = "";
        for (const line of chunk.split("\n")) {
          if (line.startsWith("event: ")) event = line.slice(7);
          else if (line.startsWith("data: ")) data += line.slice(6);
        }
        if (my !== ctrl) return;
        if (event === "result") {
          showError("");
          render(JSON.parse(data));
        } else if (event === "error") {
          throw new Error(JSON.parse(data).error);
        }
      }
    }
  } catch (e) {
    if (my.signal.aborted) return;
    showError(e.message);
    $("status").textContent = "";
  }
}

function table(caption, head, rows) {
  const t = el("table", {}, el("caption", { text: caption }));
  t.append(el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col", text: h })))));
  const tb = el("tbody");
  for (const r of rows) tb.append(el("tr", {}, ...r.map((c, i) => el(i ? "td" : "th", i ? { text: c } : { scope: "row", text: c }))));
  t.append(tb);
  return t;
}

function optionLabel(issue, option) {
  const is = (model.issues || []).find((x) => x.id === issue);
  const o = is && is.options.find((x) => x.value === option);
  return o && o.label ? o.label : option;
}

function ci(sh) {
  return pct(sh.p) + " (" + pct(sh.ci_low) + "–" + pct(sh.ci_high) + ")";
}

function render(res) {
  const sum = res.results;
  const p = $("p");
  p.textContent = pct(res.p);
  p.dataset.p = String(sum.p_agreement);
  p.dataset.metricP = String(res.p);
  p.dataset.runs = String(res.runs);
  p.dataset.final = String(res.final);
  p.dataset.command = res.command;
  p.classList.toggle("stale", !res.final);
  $("metric-text").textContent = res.metric_text;
  $("ci").textContent = "95% interval " + pct(res.p_ci_low) + " to " + pct(res.p_ci_high) + ", " + res.runs.toLocaleString("en") + " runs, seed " + sum.seed;
  const d = $("diff");
  if (state.sets.size === 0 && !state.variant) {
    d.textContent = "The unmodified scenario: change a parameter to see its effect.";
  } else {
    d.textContent = "Change against the unmodified scenario (" + pct(res.base_p) + "): " + signedPoints(res.diff) +
      " points (95% interval " + signedPoints(res.diff_ci_low) + " to " + signedPoints(res.diff_ci_high) +
      "), paired on the same runs: " + res.only_changed + " runs hold only with the changes, " + res.only_unmodified + " only without.";
  }
  $("status").textContent = (res.final ? "Done: " : "Refining to " + res.target.toLocaleString("en") + " runs… ") +
    res.runs.toLocaleString("en") + " runs in " + Math.round(res.elapsed_ms) + " ms.";
  $("command").textContent = res.command;

  // Agenda: the three headline questions and the per-item table.
  const ag = $("agenda");
  ag.replaceChildren();
  const a = sum.agenda;
  if (a) {
    ag.append(el("h3", { text: "Three different questions (95% interval)" }),
      table("Agenda headlines", ["question", "chance"], [
        ["Any agreement: at least one item agreed during the talks", ci(a.any_agreement)],
        ["Comprehensive deal: every item in force at the end", ci(a.comprehensive)],
        ...a.items.map((it) => ["Item " + it.item + " agreed during the talks", ci(it.agreed)]),
      ]),
      table("Agenda items (share of all runs; horizon " + a.horizon + " rounds after the talks)",
        ["item", "parties", "agreed in the talks", "in force at the end", "in force at the horizon", "lapsed, once in force", "round agreed (median, quartiles)"],
        a.items.map((it) => [it.item + (it.start_in_force ? " (in force at start)" : ""), it.parties.join(", "), ci(it.agreed), ci(it.in_force_end),
          ci(it.in_force_horizon), it.lapse.of ? ci(it.lapse) : "—", it.agreed.count ? it.round_median + " (" + it.round_q1 + "–" + it.round_q3 + ")" : "—"])));
  }

  const tabs = $("tables");
  tabs.replaceChildren();
  if (sum.analysis) {
    tabs.append(table("The outcome space", ["", ""], [
      ["A zone of possible agreement existed", ci({ p: sum.analysis.p_zopa, ci_low: sum.analysis.p_zopa_ci_low, ci_high: sum.analysis.p_zopa_ci_high })],
      ["Protocol efficiency (agreements / runs with a zone)", pct(sum.analysis.efficiency)],
    ]));
  }
  if (sum.packages && sum.packages.length) {
    tabs.append(table("Most frequent agreements (share of agreements)", ["share", "package"],
      sum.packages.map((ps) => [pct(ps.share), ps.options.map((o) => o.issue + ": " + optionLabel(o.issue, o.option)).join("; ")])));
  }
  if (sum.utility && sum.utility.length && sum.agreements > 0) {
    tabs.append(table("Mean utility in agreements", ["party", "mean utility"], sum.utility.map((u) => [u.party, u.mean.toFixed(3)])));
  }
  if (sum.breakdown && sum.breakdown.length) {
    tabs.append(table("Why talks broke down (share of all runs)", ["reason", "share"], sum.breakdown.map((b) => [b.reason, pct(b.share)])));
  }
  if (sum.pivotal && sum.pivotal.length) {
    tabs.append(table("Who held out (share of failed runs)", ["party", "share"], sum.pivotal.map((x) => [x.party, pct(x.share)])));
  }

  const pl = $("plots");
  pl.replaceChildren();
  for (const f of res.plots || []) {
    const url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(f.svg);
    pl.append(el("figure", { "data-plot": f.name },
      el("img", { src: url, alt: f.caption }),
      el("figcaption", {}, f.caption + " ", el("a", { href: url, download: f.name + ".svg", text: "SVG" }))));
  }
}

function sweepDefaults() {
  const p = params.get($("sweep-param").value);
  if (!p) return;
  $("sweep-from").value = p.slider_min;
  $("sweep-to").value = p.slider_max;
}

async function sweep(ev) {
  ev.preventDefault();
  const out = $("sweep-out");
  out.textContent = "sweeping…";
  try {
    const j = await getJSON("/api/sweep", {
      param: $("sweep-param").value, from: $("sweep-from").value, to: $("sweep-to").value,
      steps: $("sweep-steps").value, runs: $("sweep-runs").value,
    });
    const url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(j.svg);
    out.replaceChildren(el("img", { src: url, alt: j.metric_text + " across " + j.param }),
      table(j.metric_text + " across " + j.param + " (" + j.runs + " runs per point)", [j.param, j.metric_text, "95% interval"],
        j.points.map((x) => [String(+x.value.toPrecision(4)), pct(x.p), pct(x.ci_low) + "–" + pct(x.ci_high)])));
  } catch (e) {
    out.textContent = e.message;
  }
}

async function tornado(ev) {
  ev.preventDefault();
  const out = $("tornado-out");
  out.textContent = "estimating…";
  try {
    const j = await getJSON("/api/sensitivity", { runs: $("tornado-runs").value });
    const kids = [];
    if (j.svg) kids.push(el("img", { src: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(j.svg), alt: "tornado plot" }));
    kids.push(table(j.metric_text + " with each parameter at its 10th and 90th percentile (base " + pct(j.base_p) + ")",
      ["parameter", "low value", "P", "high value", "P", "swing"],
      j.one_at_a_time.map((o) => [o.param, o.low_value.toPrecision(3), pct(o.p_low), o.high_value.toPrecision(3), pct(o.p_high), pct(o.swing)])));
    out.replaceChildren(...kids);
  } catch (e) {
    out.textContent = e.message;
  }
}

async function trace(ev) {
  ev.preventDefault();
  const out = $("trace-out");
  out.textContent = "tracing…";
  const r = await fetch("/api/trace?" + query({ run: $("trace-run").value }));
  if (!r.ok) {
    const j = await r.json().catch(() => ({}));
    out.textContent = j.error || r.statusText;
    return;
  }
  out.textContent = await r.text();
}

async function main() {
  readURL();
  $("variant").addEventListener("change", async () => {
    state.variant = $("variant").value;
    await reloadModel();
  });
  $("metric").addEventListener("change", () => {
    state.metric = $("metric").value;
    schedule();
  });
  $("seed").addEventListener("change", () => {
    const x = Number($("seed").value);
    if (!Number.isInteger(x) || x < 0) {
      showError("seed: want a whole number ≥ 0");
      return;
    }
    state.seed = x;
    schedule();
  });
  $("runs").addEventListener("change", () => {
    state.runs = Number($("runs").value);
    schedule();
  });
  $("reset-all").addEventListener("click", async () => {
    state.sets = new Map();
    state.variant = "";
    await reloadModel();
  });
  $("sweep-param").addEventListener("change", sweepDefaults);
  $("sweep-form").addEventListener("submit", sweep);
  $("tornado-form").addEventListener("submit", tornado);
  $("trace-form").addEventListener("submit", trace);
  try {
    await loadModel();
  } catch (e) {
    showError(e.message);
    return;
  }
  schedule();
}

main();
