/* dossier: search, and sorting and filtering of tables. The pages work
   without it: tables stay plain tables and the search box stays hidden.
   The search index loads the first time the box is used, as a script, so
   that it works from file:// as from a server, under any sub-path. */
(function () {
  "use strict";
  var body = document.body;
  /* The site's words, which the build writes before this script. */
  var ui = window.__dossierWords || {};
  var root = body.getAttribute("data-root") || "";
  function word(key, fallback) { return ui[key] || fallback; }

  /* ---------- tables ---------- */

  /* A cell's value for sorting: a number when the cell reads as one
     (`450,000`, `¥45万`, `1.2亿`, `75%`, `13 天`), else its text. */
  var MULTIPLIER = { "万": 1e4, "亿": 1e8, "k": 1e3, "m": 1e6, "b": 1e9, "%": 1, "‰": 1 };
  function numberOf(text) {
    var s = text.replace(/[,\s\u00a0]/g, "");
    var m = /^[^\d+\-.]*([+\-]?\d+(?:\.\d+)?)(万|亿|k|m|b|%|‰)?([^\d]*)$/i.exec(s);
    if (!m) return null;
    var v = parseFloat(m[1]);
    if (m[2]) v *= MULTIPLIER[m[2].toLowerCase()];
    return v;
  }
  function keyOf(cell) {
    var raw = cell.getAttribute("data-sort");
    var text = (raw !== null ? raw : cell.textContent).trim();
    if (text === "" || text === "—") return { empty: true };
    var n = numberOf(text);
    return n === null ? { text: text } : { num: n };
  }
  function compare(a, b) {
    if (a.empty || b.empty) return a.empty && b.empty ? 0 : a.empty ? 1 : -1;
    if (a.num !== undefined && b.num !== undefined) return a.num - b.num;
    if (a.num !== undefined) return -1;
    if (b.num !== undefined) return 1;
    return a.text.localeCompare(b.text, document.documentElement.lang || undefined, { numeric: true });
  }

  /* The owner the lists are narrowed to: read from the address
     (`clients.html?owner=张伟`), kept there and in the links to the other
     lists when it changes, so that a page shared or reloaded, and the next
     list opened, show the same owner's rows. */
  var wantedOwner = "";
  try { wantedOwner = new URLSearchParams(window.location.search).get("owner") || ""; } catch (e) { wantedOwner = ""; }
  var ownerFilters = [];
  function keepOwnerInLinks(owner) {
    Array.prototype.forEach.call(document.querySelectorAll("header nav a, .pager a"), function (a) {
      var href = a.getAttribute("href");
      if (!href || /^[a-z][a-z0-9+.\-]*:/i.test(href) || href.charAt(0) === "#") return;
      var at = href.indexOf("#");
      var hash = at >= 0 ? href.slice(at) : "";
      var base = (at >= 0 ? href.slice(0, at) : href).split("?")[0];
      a.setAttribute("href", base + (owner ? "?owner=" + encodeURIComponent(owner) : "") + hash);
    });
  }
  function setOwner(owner, from) {
    wantedOwner = owner;
    try {
      var url = new URL(window.location.href);
      if (owner) url.searchParams.set("owner", owner); else url.searchParams.delete("owner");
      history.replaceState(history.state, "", url.toString());
    } catch (e) { /* file:// pages may not rewrite their address */ }
    keepOwnerInLinks(owner);
    ownerFilters.forEach(function (f) {
      if (f.select !== from) { f.choose(owner); }
    });
  }

  function enhance(table) {
    var head = table.tHead, tbody = table.tBodies[0];
    if (!head || !tbody || !tbody.rows.length) return;
    var ths = head.rows[0].cells;
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.forEach(function (r, i) { r.setAttribute("data-order", i); });
    if (rows.length > 1) Array.prototype.forEach.call(ths, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      button.title = word("sort", "Sort");
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(ths, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var keyed = Array.prototype.slice.call(tbody.rows).map(function (r) {
          return { row: r, key: keyOf(r.cells[col] || r.cells[0]), order: +r.getAttribute("data-order") };
        });
        keyed.sort(function (a, b) {
          var c = compare(a.key, b.key);
          if (!ascending && !(a.key.empty || b.key.empty)) c = -c;
          return c || a.order - b.order;
        });
        keyed.forEach(function (k) { tbody.appendChild(k.row); });
      });
    });
    var filters = [];
    Array.prototype.forEach.call(ths, function (th, col) {
      if (!th.hasAttribute("data-filter")) return;
      var values = {};
      rows.forEach(function (r) {
        var cell = r.cells[col];
        var v = cell ? cell.textContent.trim() : "";
        if (v) values[v] = true;
      });
      var list = Object.keys(values).sort(function (a, b) { return a.localeCompare(b); });
      var owner = th.getAttribute("data-filter") === "owner";
      /* The owner asked for in the address narrows a list of any length. */
      if ((list.length < 2 || rows.length < 8) && !(owner && wantedOwner)) return;
      if (owner && wantedOwner && !values[wantedOwner]) list.push(wantedOwner);
      var select = document.createElement("select");
      var all = document.createElement("option");
      all.value = ""; all.textContent = word("all", "All");
      select.appendChild(all);
      list.forEach(function (v) {
        var o = document.createElement("option");
        o.value = v; o.textContent = v;
        select.appendChild(o);
      });
      var label = document.createElement("label");
      label.textContent = th.textContent.trim() + " ";
      label.appendChild(select);
      filters.push({ col: col, select: select, label: label, owner: owner });
    });
    if (!filters.length) return;
    var bar = document.createElement("div");
    bar.className = "table-filters";
    var count = document.createElement("span");
    count.className = "count";
    filters.forEach(function (f) { bar.appendChild(f.label); });
    bar.appendChild(count);
    var box = table.parentNode.classList.contains("table-wrap") ? table.parentNode : table;
    box.parentNode.insertBefore(bar, box);
    function apply() {
      var shown = 0;
      rows.forEach(function (r) {
        var ok = filters.every(function (f) {
          var want = f.select.value;
          return !want || (r.cells[f.col] && r.cells[f.col].textContent.trim() === want);
        });
        r.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown === rows.length ? "" : shown + " / " + rows.length;
    }
    filters.forEach(function (f) {
      f.select.addEventListener("change", function () {
        apply();
        if (f.owner) setOwner(f.select.value, f.select);
      });
      if (!f.owner) return;
      var choose = function (owner) {
        if (owner && !Array.prototype.some.call(f.select.options, function (o) { return o.value === owner; })) {
          var o = document.createElement("option");
          o.value = owner; o.textContent = owner;
          f.select.appendChild(o);
        }
        f.select.value = owner;
        apply();
      };
      ownerFilters.push({ select: f.select, choose: choose });
      if (wantedOwner) choose(wantedOwner);
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.list"), enhance);
  /* The pipeline board's cards, narrowed to the owner as the lists are. */
  function narrowCards(owner) {
    Array.prototype.forEach.call(document.querySelectorAll(".board .deal[data-owner]"), function (card) {
      card.hidden = !!owner && card.getAttribute("data-owner") !== owner;
    });
  }
  ownerFilters.push({ select: null, choose: narrowCards });
  if (wantedOwner) { keepOwnerInLinks(wantedOwner); narrowCards(wantedOwner); }

  /* ---------- search ---------- */

  var box = document.getElementById("search");
  if (!box) return;
  var input = box.querySelector("input");
  var results = box.querySelector(".search-results");
  box.hidden = false;
  var index = null, loading = false, words = null, cjk = null, active = -1, pending = null;

  function isCjk(c) {
    var n = c.codePointAt(0);
    return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) ||
      (n >= 0xac00 && n <= 0xd7af) || (n >= 0xf900 && n <= 0xfaff) || (n >= 0x20000 && n <= 0x3134f);
  }
  var WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;
  /* A query as the index splits text: runs of CJK characters, and words. */
  function queryParts(query) {
    var out = { runs: [], words: [] }, run = "", w = "";
    Array.from(query.toLowerCase()).forEach(function (c) {
      if (isCjk(c)) { if (w) { out.words.push(w); w = ""; } run += c; return; }
      if (run) { out.runs.push(run); run = ""; }
      if (WORD_CHAR.test(c)) w += c; else if (w) { out.words.push(w); w = ""; }
    });
    if (run) out.runs.push(run);
    if (w) out.words.push(w);
    out.words = out.words.map(function (x) { return Array.from(x).slice(0, 40).join(""); });
    return out;
  }

  function decode(code, total) {
    var bin = atob(code.slice(1)), out = [], i;
    if (code.charAt(0) === "b") {
      for (i = 0; i < bin.length; i++) {
        var byte = bin.charCodeAt(i);
        for (var bit = 0; bit < 8; bit++) if (byte & (1 << bit)) out.push(i * 8 + bit);
      }
      return out;
    }
    var doc = 0, gap = 0, shift = 0, first = true;
    for (i = 0; i < bin.length; i++) {
      var b = bin.charCodeAt(i);
      gap |= (b & 0x7f) << shift;
      if (b & 0x80) { shift += 7; continue; }
      doc = first ? gap : doc + gap;
      first = false;
      out.push(doc);
      gap = 0; shift = 0;
    }
    return out;
  }
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }
  function union(lists) {
    var seen = {}, out = [];
    lists.forEach(function (l) { l.forEach(function (d) { if (!seen[d]) { seen[d] = true; out.push(d); } }); });
    return out.sort(function (a, b) { return a - b; });
  }
  /* The docs whose text holds every part of the query (null: the query
     has no part the text index can answer). */
  function textDocs(q) {
    var lists = [];
    q.runs.forEach(function (run) {
      var chars = Array.from(run);
      if (chars.length === 1) { lists.push(docsOf(cjk.get(run))); return; }
      for (var i = 0; i + 1 < chars.length; i++) lists.push(docsOf(cjk.get(chars[i] + chars[i + 1])));
    });
    q.words.forEach(function (w) {
      var lo = 0, hi = words.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (words[mid][0] < w) lo = mid + 1; else hi = mid; }
      var found = [];
      for (var k = lo; k < words.length && words[k][0].lastIndexOf(w, 0) === 0 && found.length < 200; k++) {
        found.push(decode(words[k][1], index.docs.length));
      }
      lists.push(union(found));
    });
    if (!lists.length) return null;
    return lists.reduce(intersect);
  }
  function docsOf(code) { return code ? decode(code, index.docs.length) : []; }

  var LIMIT = 20;
  function search(query) {
    var q = queryParts(query);
    if (!q.runs.length && !q.words.length) return { hits: [], more: 0 };
    var hits = [], seen = {};
    var first = q.runs[0] || q.words[0];
    index.records.forEach(function (r) {
      var text = r.text;
      var ok = q.runs.every(function (run) { return text.indexOf(run) >= 0; }) &&
        q.words.every(function (w) { return startsWord(text, w); });
      if (!ok) return;
      var title = r.title.toLowerCase(), rank = 2;
      if (title.lastIndexOf(first, 0) === 0) rank = 0; else if (title.indexOf(first) >= 0) rank = 1;
      hits.push({ kind: r.kind, title: r.title, detail: r.detail, url: r.url, rank: rank });
    });
    hits.sort(function (a, b) { return a.rank - b.rank; });
    hits.forEach(function (h) { seen[h.url] = true; });
    var docs = textDocs(q) || [];
    docs.forEach(function (d) {
      var doc = index.docs[d];
      if (!doc || seen[doc.url]) return;
      seen[doc.url] = true;
      hits.push({ kind: doc.kind, title: doc.title, detail: word("in_text", "in the text"), url: doc.url, rank: 3 });
    });
    return { hits: hits.slice(0, LIMIT), more: Math.max(0, hits.length - LIMIT) };
  }

  function show(query) {
    var start = performance.now();
    results.textContent = "";
    active = -1;
    if (!query.trim()) { results.hidden = true; return; }
    if (!index) {
      pending = query;
      var wait = document.createElement("p");
      wait.className = "search-note";
      wait.textContent = word("search_loading", "Loading…");
      results.appendChild(wait);
      results.hidden = false;
      load();
      return;
    }
    var found = search(query);
    found.hits.forEach(function (h, i) {
      // The index holds relative addresses only; one that reads as a
      // scheme (`javascript:`) is never made a link.
      if (/^[a-z][a-z0-9+.-]*:/i.test(h.url)) return;
      var a = document.createElement("a");
      a.href = root + h.url;
      a.id = "search-hit-" + i;
      a.setAttribute("role", "option");
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = h.kind;
      var title = document.createElement("span");
      title.className = "search-title";
      title.textContent = h.title;
      var detail = document.createElement("span");
      detail.className = "search-detail";
      detail.textContent = h.detail;
      a.appendChild(kind); a.appendChild(title); a.appendChild(detail);
      results.appendChild(a);
    });
    if (!found.hits.length) {
      var none = document.createElement("p");
      none.className = "search-note";
      none.textContent = word("no_results", "Nothing found.");
      results.appendChild(none);
    } else if (found.more) {
      var more = document.createElement("p");
      more.className = "search-note";
      more.textContent = "+" + found.more + " " + word("more_results", "more");
      results.appendChild(more);
    }
    results.hidden = false;
    box.setAttribute("data-ms", (performance.now() - start).toFixed(1));
    box.setAttribute("data-hits", found.hits.length + found.more);
  }

  /* The records' texts as queries are matched against them: their fields
     lowercased, all at once (one string, one call). */
  function textsOf(list) {
    return list.join("\n").toLowerCase().split("\n");
  }
  function isWordChar(c) { return WORD_CHAR.test(c) && !isCjk(c); }
  /* Whether `w` starts a word of `text`: found where no letter or digit of
     the same word comes before it. */
  function startsWord(text, w) {
    for (var at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) {
      if (at === 0) return true;
      var low = text.charCodeAt(at - 1) >= 0xdc00 && text.charCodeAt(at - 1) <= 0xdfff && at >= 2;
      if (!isWordChar(text.slice(low ? at - 2 : at - 1, at))) return true;
    }
    return false;
  }
  function ready() {
    var raw = window.__dossierSearch;
    var records = [], plain = [];
    raw.records.forEach(function (r) {
      var parent = typeof r[3] === "number" ? records[r[3]] : null;
      var detail = parent ? [r[2], parent.title].filter(Boolean).join(" · ") : r[2];
      records.push({
        kind: raw.kinds[r[0]],
        title: r[1],
        detail: detail,
        url: parent ? parent.url : r[3]
      });
      plain.push([r[1], r[2], r[4], parent ? parent.title + " " + parent.detail : ""].join(" \u0001 ").replace(/\n/g, " "));
    });
    textsOf(plain).forEach(function (t, i) { records[i].text = t; });
    var docs = raw.docs.map(function (d) {
      return typeof d === "number" ? records[d] : { title: d[0], url: d[1], kind: raw.kinds[d[2]] };
    });
    index = { records: records, docs: docs };
    words = raw.words;
    cjk = new Map(raw.cjk);
    box.setAttribute("data-loaded", "1");
    if (pending !== null) { var q = pending; pending = null; show(q); }
  }
  function load() {
    if (index || loading) return;
    if (window.__dossierSearch) { ready(); return; }
    loading = true;
    var script = document.createElement("script");
    script.src = root + "_search/index.js";
    script.onload = ready;
    script.onerror = function () {
      loading = false;
      results.textContent = word("search_failed", "The search index could not be loaded.");
    };
    document.head.appendChild(script);
  }
  function hits() { return results.querySelectorAll("a[role=option]"); }
  function move(step) {
    var list = hits();
    if (!list.length) return;
    if (active >= 0) list[active].removeAttribute("aria-selected");
    active = (active + step + list.length) % list.length;
    list[active].setAttribute("aria-selected", "true");
    list[active].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", list[active].id);
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { move(1); e.preventDefault(); }
    else if (e.key === "ArrowUp") { move(-1); e.preventDefault(); }
    else if (e.key === "Enter") {
      var list = hits();
      var target = list[active >= 0 ? active : 0];
      if (target) { window.location.href = target.href; }
      e.preventDefault();
    } else if (e.key === "Escape") { results.hidden = true; input.blur(); }
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target, tag = t && t.tagName;
    if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey &&
        tag !== "INPUT" && tag !== "TEXTAREA" && tag !== "SELECT" && !(t && t.isContentEditable)) {
      e.preventDefault();
      input.focus();
    }
  });
  document.addEventListener("click", function (e) {
    if (!box.contains(e.target)) results.hidden = true;
  });
})();
