"use strict";
// The archive page: every current finding (filterable by severity, rule, entity and file),
// the entities table with search, and the reader view (#read=PATH) of one article with its
// mentions and findings marked. Live: it reloads when the server re-reads the archive.
// Article text only ever goes into the page as text (textContent), never as markup.
(function () {
  const $ = (id) => document.getElementById(id);
  const SEVERITIES = ["error", "warning", "info"];
  const RANK = { error: 0, warning: 1, info: 2 };
  const ENTITY_ROWS = 200; // the entities table shows this many matches at most
  const state = { ready: false, refreshes: null, findings: [], entities: [], articles: 0, off: new Set() };

  function el(tag, cls, content) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (content !== undefined && content !== null) node.textContent = content;
    return node;
  }

  // "#read=PATH&line=3&column=1": the reader view's address, from this page or the check page
  function readerHash(path, extra) {
    return "#" + new URLSearchParams(Object.assign({ read: path }, extra || {})).toString();
  }

  function link(text, hash) {
    const a = el("a", "open", text);
    a.href = hash;
    return a;
  }

  async function api(path) {
    const r = await fetch(path, { credentials: "same-origin" });
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || "status " + r.status);
    return body;
  }

  function setStatus(text, cls) {
    $("status").textContent = text;
    $("status").className = cls;
  }

  // -- loading, then staying live ---------------------------------------------------------

  async function poll() {
    let s;
    try {
      const r = await fetch("/api/status", { credentials: "same-origin" });
      s = await r.json();
      if (!r.ok) { setStatus(s.error || "status " + r.status, "failed"); return; }
    } catch (e) {
      setStatus("The server does not answer.", "failed");
      setTimeout(poll, 2000);
      return;
    }
    if (s.phase === "failed") { setStatus("The archive could not be loaded: " + s.error, "failed"); return; }
    if (s.phase === "loading") {
      setStatus("Loading the archive (" + s.step + (s.total ? ", " + s.done + "/" + s.total : "") + ")…", "loading");
      setTimeout(poll, 500);
      return;
    }
    if (s.refreshes !== state.refreshes) {
      try {
        await load();
        state.refreshes = s.refreshes;
      } catch (e) {
        setStatus("Could not read the archive's findings: " + e.message, "failed");
      }
    }
    setTimeout(poll, 2000);
  }

  async function load() {
    const [findings, entities] = await Promise.all([api("/api/findings"), api("/api/entities")]);
    state.findings = findings.findings.slice().sort((a, b) =>
      RANK[a.severity] - RANK[b.severity] || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    state.entities = entities.entities;
    // what the search matches, lower-cased once: the name and every spelling
    state.entities.forEach((e) => { e.haystack = [e.name, ...e.spellings.map(([s]) => s)].join("\n").toLowerCase(); });
    state.articles = findings.articles;
    state.ready = true;
    setStatus("Archive ready: " + state.articles + " article(s), " + state.findings.length + " finding(s), " +
      state.entities.length + " entities.", "ready");
    buildFilters();
    renderFindings();
    renderEntities();
    await route();
  }

  // -- findings ---------------------------------------------------------------------------

  function counts(key) {
    const out = new Map();
    state.findings.forEach((f) => out.set(f[key], (out.get(f[key]) || 0) + 1));
    return out;
  }

  function boxes(fieldset, name, values) {
    const legend = fieldset.querySelector("legend");
    fieldset.replaceChildren(legend);
    values.forEach(([value, count]) => {
      const label = el("label", name === "severity" ? "sev-" + value : "");
      const box = el("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.checked = !state.off.has(name + ":" + value);
      label.append(box, " " + value + " (" + count + ")");
      fieldset.append(label);
    });
  }

  function options(list, values) {
    list.replaceChildren(...values.map((v) => { const o = el("option"); o.value = v; return o; }));
  }

  function buildFilters() {
    const bySeverity = counts("severity"), byRule = counts("rule");
    boxes($("severities"), "severity", SEVERITIES.filter((s) => bySeverity.has(s)).map((s) => [s, bySeverity.get(s)]));
    boxes($("rules"), "rule", Array.from(byRule.entries()).sort());
    options($("entity-names"), Array.from(new Set(state.findings.map((f) => f.entity))).sort());
    options($("file-names"), Array.from(new Set(state.findings.map((f) => f.file))).sort());
  }

  function why(evidence) {
    const weights = evidence && evidence.weights;
    if (!weights) return "";
    const parts = Object.entries(weights).map(([name, value]) => name + " " + (value >= 0 ? "+" : "") + Number(value).toFixed(1));
    return "weights: " + parts.join(", ") + (evidence.weight !== undefined ? " = " + Number(evidence.weight).toFixed(1) : "");
  }

  function renderFindings() {
    const body = $("findings").querySelector("tbody");
    body.replaceChildren();
    state.findings.forEach((f) => {
      const row = el("tr", "finding");
      row.dataset.severity = f.severity;
      row.dataset.rule = f.rule;
      row.dataset.entity = f.entity.toLowerCase();
      row.dataset.file = f.file.toLowerCase();
      const where = el("td", "where");
      where.append(el("span", "badge sev-" + f.severity, f.severity), " ",
        link(f.file + ":" + f.line + ":" + f.column, readerHash(f.file, { line: f.line, column: f.column })));
      const found = el("td");
      found.append(el("mark", "sev-" + f.severity, f.found));
      if (f.expected) found.append(" \u2192 ", el("span", "expected", f.expected));
      const about = el("td");
      const entity = el("button", "entity-name", f.entity);
      entity.type = "button";
      entity.title = "Show only this entity's findings";
      entity.addEventListener("click", () => { $("entity-filter").value = f.entity; filter(); });
      about.append(el("span", "rule", "[" + f.rule + "] "), entity, el("p", "message", f.message));
      const weights = why(f.evidence);
      if (weights) about.append(el("p", "why", weights));
      row.append(where, found, about);
      body.append(row);
    });
    filter();
  }

  function filter() {
    const ticked = (name) => new Set(Array.from($("filters").querySelectorAll('input[name="' + name + '"]:checked'), (b) => b.value));
    const severities = ticked("severity"), rules = ticked("rule");
    state.off = new Set(Array.from($("filters").querySelectorAll("input[type=checkbox]:not(:checked)"), (b) => b.name + ":" + b.value));
    const entity = $("entity-filter").value.trim().toLowerCase(), file = $("file-filter").value.trim().toLowerCase();
    let shown = 0;
    for (const row of $("findings").querySelectorAll("tr.finding")) {
      row.hidden = !(severities.has(row.dataset.severity) && rules.has(row.dataset.rule) &&
        row.dataset.entity.includes(entity) && row.dataset.file.includes(file));
      if (!row.hidden) shown += 1;
    }
    $("shown").textContent = state.findings.length
      ? shown + " of " + state.findings.length + " finding(s) shown"
      : "No findings: the archive agrees on who is who.";
  }

  // -- entities ---------------------------------------------------------------------------

  function renderEntities() {
    const query = $("entity-search").value.trim().toLowerCase();
    const matches = query ? state.entities.filter((e) => e.haystack.includes(query)) : state.entities;
    const body = $("entities").querySelector("tbody");
    body.replaceChildren(...matches.slice(0, ENTITY_ROWS).map(entityRow));
    $("entities-shown").textContent = matches.length + " of " + state.entities.length + " entities match" +
      (matches.length > ENTITY_ROWS ? " (the first " + ENTITY_ROWS + " shown)" : "") + ".";
  }

  function entityRow(e) {
    const row = el("tr", "entity");
    const name = el("td", "name", e.name);
    if (e.misspellings.length) name.append(el("p", "message", "flagged: " + e.misspellings.join(", ")));
    const spellings = el("td", "", e.spellings.map(([s, n]) => s + " (" + n + ")").join(", "));
    const files = el("td", "files");
    e.files.slice(0, 5).forEach((file, i) => {
      if (i) files.append(", ");
      files.append(link(file, readerHash(file, { entity: e.name })));
    });
    if (e.files.length > 5) files.append(" and " + (e.files.length - 5) + " more");
    row.append(name, el("td", "", e.kind), el("td", "num", String(e.mentions)), spellings, files);
    return row;
  }

  // -- the reader view ------------------------------------------------------------------------

  async function route() {
    const params = new URLSearchParams(location.hash.slice(1));
    const path = params.get("read");
    $("reader").hidden = !path || !state.ready; // until the archive is loaded, only the status shows
    $("lists").hidden = Boolean(path) || !state.ready;
    if (!path || !state.ready) return;
    $("reader-path").textContent = path;
    $("reader-meta").textContent = "Opening…";
    $("reader-meta").className = "";
    try {
      show(await api("/api/article?path=" + encodeURIComponent(path)), params);
    } catch (e) {
      $("article").replaceChildren();
      $("article-findings").replaceChildren();
      $("reader-meta").textContent = e.message;
      $("reader-meta").className = "failed";
    }
  }

  // marks that do not overlap: the findings first, then the mentions around them
  function spans(article) {
    const chosen = [];
    const free = (start, end) => chosen.every((s) => end <= s.start || start >= s.end);
    article.findings.forEach((f, i) => {
      if (f.offset === null) return;
      const end = f.offset + Array.from(f.found).length;
      if (free(f.offset, end)) chosen.push({ start: f.offset, end: end, finding: f, index: i });
    });
    article.mentions.forEach((m) => { if (free(m.start, m.end)) chosen.push({ start: m.start, end: m.end, mention: m }); });
    return chosen.sort((a, b) => a.start - b.start);
  }

  function show(article, params) {
    const entity = params.get("entity"), line = Number(params.get("line")), column = Number(params.get("column"));
    const meta = [article.title, article.date, article.byline.join(", ")].filter(Boolean);
    meta.push(article.mentions.length + " mention(s), " + article.findings.length + " finding(s)");
    $("reader-path").textContent = article.path;
    $("reader-meta").textContent = meta.join(" · ");
    // offsets count characters (code points), as the server does: not UTF-16 units
    const chars = Array.from(article.text);
    let at = 0;
    while (at < chars.length && /\s/.test(chars[at])) at += 1; // front matter is blanked to spaces
    const pre = $("article");
    pre.replaceChildren();
    let target = null;
    spans(article).forEach((s) => {
      if (s.start < at) return;
      pre.append(chars.slice(at, s.start).join(""));
      const text = chars.slice(s.start, s.end).join("");
      let mark;
      if (s.finding) {
        const f = s.finding;
        mark = el("mark", "sev-" + f.severity, text);
        mark.id = "finding-" + s.index;
        mark.title = "[" + f.rule + "] " + f.message;
        if (f.line === line && f.column === column) target = mark;
      } else {
        const m = s.mention;
        mark = el("mark", "mention" + (entity && m.entity === entity ? " focus" : ""), text);
        mark.title = (m.entity || m.text) + " (" + m.label.toLowerCase() + (m.role ? "; " + m.role : "") + ")";
        if (!target && entity && m.entity === entity) target = mark;
      }
      pre.append(mark);
      at = s.end;
    });
    pre.append(chars.slice(at).join("").trimEnd());
    showArticleFindings(article, line, column);
    if (target) {
      target.classList.add("current");
      target.scrollIntoView({ block: "center" });
    } else {
      window.scrollTo(0, 0);
    }
  }

  function showArticleFindings(article, line, column) {
    const list = $("article-findings");
    list.replaceChildren();
    article.findings.forEach((f, i) => {
      const item = el("li", "finding sev-" + f.severity + (f.line === line && f.column === column ? " current" : ""));
      item.append(el("span", "badge sev-" + f.severity, f.severity), " ", el("span", "rule", "[" + f.rule + "] "));
      item.append(el("mark", "sev-" + f.severity, f.found));
      if (f.expected) item.append(" \u2192 ", el("span", "expected", f.expected));
      item.append(" ", link("line " + f.line + ", column " + f.column,
        readerHash(article.path, { line: f.line, column: f.column })));
      item.append(el("p", "message", f.message));
      if (f.related.length) {
        const related = el("p", "related", "Other articles involved: ");
        f.related.forEach((path, j) => {
          if (j) related.append(", ");
          related.append(link(path, readerHash(path, { entity: f.entity })));
        });
        item.append(related);
      }
      list.append(item);
    });
    if (!article.findings.length) list.append(el("li", "clean", "No findings in this article."));
  }

  $("filters").addEventListener("change", filter);
  $("entity-filter").addEventListener("input", filter);
  $("file-filter").addEventListener("input", filter);
  $("entity-search").addEventListener("input", renderEntities);
  $("back").addEventListener("click", (e) => { e.preventDefault(); history.pushState(null, "", location.pathname); route(); });
  $("to-archive").addEventListener("click", (e) => { e.preventDefault(); history.pushState(null, "", location.pathname); route(); });
  window.addEventListener("hashchange", route);
  poll();
})();
