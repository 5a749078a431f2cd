"use strict";
// The check page: sends the draft to /api/check and shows each finding marked in place.
// Article text only ever goes into the page as text (textContent), never as markup.
(function () {
  const $ = (id) => document.getElementById(id);
  const status = $("status"), button = $("check"), text = $("text"), verdict = $("verdict");
  let checked = null; // the draft as last sent to /api/check: settling a finding in it sends it again

  function el(tag, cls, content) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  async function poll() {
    try {
      const r = await fetch("/api/status", { credentials: "same-origin" });
      const s = await r.json();
      if (!r.ok) { status.textContent = s.error || ("status " + r.status); status.className = "failed"; return; }
      if (s.phase === "ready") {
        status.textContent = "Archive ready: " + s.archive.articles + " article(s) loaded.";
        status.className = "ready";
        button.disabled = false;
        return;
      }
      if (s.phase === "failed") { status.textContent = "The archive could not be loaded: " + s.error; status.className = "failed"; return; }
      status.textContent = "Loading the archive (" + s.step + (s.total ? ", " + s.done + "/" + s.total : "") + ")…";
      status.className = "loading";
    } catch (e) {
      status.textContent = "The server does not answer.";
      status.className = "failed";
    }
    setTimeout(poll, 500);
  }

  function readFile(file) {
    if (!file) return;
    $("name").value = file.name;
    const reader = new FileReader();
    reader.onload = () => { text.value = reader.result; };
    reader.readAsText(file);
  }

  function show(draft, answer) {
    const findings = answer.findings.filter((f) => f.offset !== null).sort((a, b) => a.offset - b.offset);
    const pre = $("draft"), list = $("findings");
    pre.replaceChildren();
    list.replaceChildren();
    // offsets count characters (code points), as the server does, not UTF-16 units: an
    // emoji before a name would shift its mark (as the reader view counts, archive.js)
    const chars = Array.from(draft);
    let at = 0;
    findings.forEach((f, i) => {
      if (f.offset < at) return; // overlapping marks: the first one shows
      const end = f.offset + Array.from(f.found).length;
      pre.append(chars.slice(at, f.offset).join(""));
      const mark = el("mark", "sev-" + f.severity, chars.slice(f.offset, end).join(""));
      mark.id = "finding-" + i;
      mark.title = f.message;
      pre.append(mark);
      at = end;
    });
    pre.append(chars.slice(at).join(""));
    answer.findings.forEach((f) => {
      const item = el("li", "finding sev-" + f.severity);
      item.append(el("span", "badge sev-" + f.severity, f.severity), " ", el("span", "rule", "[" + f.rule + "] "));
      item.append(el("mark", "sev-" + f.severity, f.found));
      if (f.expected) item.append(" \u2192 ", el("span", "expected", f.expected));
      // a finding elsewhere in the archive that rests on the draft says where it is
      const where = f.file === answer.draft.name ? "line " + f.line + ", column " + f.column : f.file + ":" + f.line + ":" + f.column;
      item.append(el("p", "message", where + ": " + f.message));
      item.append(evidence(f, answer.draft.name));
      item.append(involved(f, answer.draft.name));
      item.append(settleButtons(f, f.file === answer.draft.name));
      list.append(item);
    });
    if (!$("date").value && answer.draft.date) $("date").value = answer.draft.date;
    verdict.textContent = answer.findings.length
      ? answer.findings.length + " finding(s) against " + answer.archive.articles + " article(s)."
      : "No findings against " + answer.archive.articles + " article(s).";
    $("result").hidden = false;
  }

  // why: the spellings of the name with their counts and articles, the weights that
  // added up (in the HTML report's words), and the rest of the evidence in short lines
  function evidence(f, draftName) {
    const box = el("div", "evidence");
    if ((f.spellings || []).length) {
      const table = el("table", "spellings");
      const head = el("tr");
      ["spelling", "mentions", "articles"].forEach((h) => head.append(el("th", "", h)));
      table.append(el("thead"), el("tbody"));
      table.tHead.append(head);
      f.spellings.forEach((s) => {
        const row = el("tr", s.found ? "found" : s.spelling === f.entity ? "right" : "");
        row.append(el("td", "spelling", s.spelling), el("td", "num", String(s.mentions)), articleCell(s.articles, f, draftName));
        table.tBodies[0].append(row);
      });
      box.append(table);
    }
    if (f.why) box.append(el("p", "why", f.why));
    if ((f.notes || []).length) {
      const notes = el("ul", "notes");
      f.notes.forEach((n) => notes.append(el("li", "", n)));
      box.append(notes);
    }
    return box;
  }

  const SHOWN_ARTICLES = 5; // per spelling; the rest are counted

  function articleCell(paths, f, draftName) {
    const cell = el("td", "articles");
    paths.slice(0, SHOWN_ARTICLES).forEach((path, i) => {
      if (i) cell.append(", ");
      cell.append(path === draftName ? el("em", "", "this draft") : readerLink(path, { entity: f.entity }));
    });
    if (paths.length > SHOWN_ARTICLES) cell.append(" and " + (paths.length - SHOWN_ARTICLES) + " more");
    return cell;
  }

  // a link to an archive article in the archive page's reader view (a new tab: the draft stays here)
  function readerLink(path, at) {
    const a = el("a", "reader", path);
    a.href = "/archive#" + new URLSearchParams(Object.assign({ read: path }, at)).toString();
    a.target = "_blank";
    a.rel = "noopener";
    return a;
  }

  // the archive articles a finding names or rests on, each opening in the archive page's
  // reader view with its mentions marked (a new tab: the draft stays here)
  function involved(f, draftName) {
    const paths = [f.file, ...(f.related || [])].filter((p, i, all) => p !== draftName && all.indexOf(p) === i);
    const out = document.createDocumentFragment(); // nothing, when the finding involves no archive article
    if (!paths.length) return out;
    const line = el("p", "related", "Articles involved: ");
    paths.forEach((path, i) => {
      const at = path === f.file ? { line: f.line, column: f.column } : { entity: f.entity };
      line.append(i ? ", " : "", readerLink(path, at));
    });
    out.append(line);
    return out;
  }

  // Settling: each answer changes the rules or the baseline, never an article
  // (POST /api/settle); the draft is then checked again with the new rules.
  function settleButtons(f, inDraft) {
    const box = el("p", "settle");
    const add = (label, action, spelling, why) => {
      const b = el("button", "settle-" + action, label);
      b.type = "button";
      b.title = why;
      b.addEventListener("click", () => settle(f, action, spelling, inDraft, box));
      box.append(b, " ");
    };
    if (f.rule === "name-variant") {
      add("This spelling is right", "right", "found", "The house list gets \u201c" + f.found + "\u201d as the right spelling; the others become its misspellings");
      if (f.expected) add("\u201c" + f.entity + "\u201d is right", "right", "expected", "The house list gets \u201c" + f.entity + "\u201d with the other spellings as misspellings");
      add("Different people", "distinct", "expected", "Each spelling becomes a house-list entry of its own: never taken for one another");
    }
    if (!inDraft) add("Accept", "accept", "expected", "Into the baseline: this finding is no longer shown");
    return box;
  }

  async function settle(f, action, spelling, inDraft, box) {
    const said = $("settled");
    box.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    said.textContent = "Settling…";
    said.className = "";
    try {
      const body = { action: action, finding: f, spelling: spelling, draft: inDraft ? checked : null };
      const r = await fetch("/api/settle", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      const answer = await r.json();
      if (!r.ok) {
        said.textContent = "Not settled: " + (answer.error || ("error " + r.status));
        said.className = "failed";
        box.querySelectorAll("button").forEach((b) => { b.disabled = false; });
        return;
      }
      said.textContent = "Settled: " + answer.message;
      said.className = "ready";
      await check(); // the draft again, with the new rules
    } catch (e) {
      said.textContent = "Not settled: " + e;
      said.className = "failed";
    }
  }

  async function check() {
    const draft = text.value;
    button.disabled = true;
    verdict.textContent = "Checking…";
    try {
      const body = { text: draft, name: $("name").value || "draft.txt", date: $("date").value || null };
      checked = body;
      const r = await fetch("/api/check", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      const answer = await r.json();
      if (!r.ok) { verdict.textContent = answer.error || ("error " + r.status); return; }
      show(draft, answer);
    } catch (e) {
      verdict.textContent = "The check failed: " + e;
    } finally {
      button.disabled = false;
    }
  }

  button.addEventListener("click", check);
  $("file").addEventListener("change", (e) => readFile(e.target.files[0]));
  text.addEventListener("dragover", (e) => { e.preventDefault(); text.classList.add("dropping"); });
  text.addEventListener("dragleave", () => text.classList.remove("dropping"));
  text.addEventListener("drop", (e) => {
    e.preventDefault();
    text.classList.remove("dropping");
    readFile(e.dataTransfer.files[0]);
  });
  poll();
})();
