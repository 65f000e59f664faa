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

  /* Each cell labelled with its column, for the cards a phone shows
     instead of a table wider than it (style.css); empty cells left out. */
  function labelCells(ths, rows) {
    rows.forEach(function (r) {
      Array.prototype.forEach.call(r.cells, function (cell, col) {
        var th = ths[col];
        if (th) cell.setAttribute("data-label", th.textContent.trim());
        var text = cell.textContent.trim();
        if (text === "" || text === "—") cell.setAttribute("data-empty", "");
      });
    });
  }

  function enhance(table) {
    var head = table.tHead, tbody = table.tBodies[0];
    if (!head || !tbody || !tbody.rows.length) return;
    var ths = head.rows[0].cells;
    var rows = Array.prototype.slice.call(tbody.rows);
    labelCells(ths, rows);
    table.classList.add("cards");
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

  /* The index comes in scripts (see src/site/search): `_search/index.js`
     names the chunks of terms by their first term; a query loads the
     chunks that hold its terms, then the chunks of the items it shows. */
  var box = document.getElementById("search");
  if (!box) return;
  var input = box.querySelector("input");
  var results = box.querySelector(".search-results");
  box.hidden = false;
  var meta = null, loading = false, active = -1, pending = null, asked = 0;
  var parts = {}, waiting = {};
  var loaded = window.__dossierSearchLoaded = [];

  window.__dossierSearchPart = function (name, data) {
    parts[name] = data;
    loaded.push(name);
  };
  /* Loads the chunks `names` (`t/3`, `i/0`) not loaded yet, then calls
     `done` (once, after the last; with false when one failed). */
  function need(names, done) {
    var missing = names.filter(function (n, i) { return !(n in parts) && names.indexOf(n) === i; });
    if (!missing.length) { done(true); return; }
    var left = missing.length, ok = true;
    missing.forEach(function (name) {
      var finish = function (good) {
        ok = ok && good;
        if (--left === 0) done(ok);
      };
      if (waiting[name]) { waiting[name].push(finish); return; }
      waiting[name] = [finish];
      var script = document.createElement("script");
      script.src = root + "_search/" + name + ".js";
      var settle = function (good) {
        var list = waiting[name] || [];
        delete waiting[name];
        script.remove();
        list.forEach(function (f) { f(good && (name in parts)); });
      };
      script.onload = function () { settle(true); };
      script.onerror = function () { settle(false); };
      document.head.appendChild(script);
    });
  }

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
  /* The terms that find a run: the character itself, or pairs that cover
     it (`数据接入`: 数据, 接入), fewer chunks to load than every pair. */
  function runTerms(run) {
    var chars = Array.from(run), out = [];
    if (chars.length === 1) return [run];
    for (var i = 0; i + 1 < chars.length; i += 2) out.push(chars[i] + chars[i + 1]);
    if (chars.length % 2) out.push(chars[chars.length - 2] + chars[chars.length - 1]);
    return out;
  }
  /* Terms compare by code points, as the build sorts them. */
  function cmp(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x === y) continue;
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
    return a.length - b.length;
  }
  /* The chunk whose terms would hold `term`: the last that starts at or
     before it. */
  function chunkOf(term) {
    var lo = 0, hi = meta.terms.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (cmp(meta.terms[mid], term) <= 0) lo = mid + 1; else hi = mid; }
    return lo - 1;
  }
  function firstAtOrAfter(list, term) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (cmp(list[mid][0], term) < 0) lo = mid + 1; else hi = mid; }
    return lo;
  }
  /* The chunks a word's prefix reaches: its own and those that start with
     it, four at most (the first 200 words are read). */
  function prefixChunks(w) {
    var first = Math.max(0, chunkOf(w)), out = [first];
    for (var c = first + 1; c < meta.terms.length && meta.terms[c].lastIndexOf(w, 0) === 0 && out.length < 4; c++) out.push(c);
    return out;
  }
  function termEntry(term) {
    var c = chunkOf(term), list = c >= 0 ? parts["t/" + c] : null;
    if (!list) return null;
    var at = firstAtOrAfter(list, term);
    return at < list.length && list[at][0] === term ? list[at] : null;
  }
  function prefixEntries(w) {
    var out = [];
    prefixChunks(w).forEach(function (c) {
      var list = parts["t/" + c] || [];
      for (var k = firstAtOrAfter(list, w); k < list.length && out.length < 200 && list[k][0].lastIndexOf(w, 0) === 0; k++) out.push(list[k]);
    });
    return out;
  }

  function decode(code) {
    if (!code) return [];
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
    var seen = new Set(), out = [];
    lists.forEach(function (l) { l.forEach(function (d) { if (!seen.has(d)) { seen.add(d); out.push(d); } }); });
    return out.sort(function (a, b) { return a - b; });
  }
  /* The items a query finds: those whose name or fields hold every part,
     then those whose text (or name) does. */
  function find(q) {
    var byName = [], byAny = [];
    q.runs.forEach(function (run) {
      runTerms(run).forEach(function (t) {
        var e = termEntry(t);
        byName.push(e ? decode(e[1]) : []);
        byAny.push(e ? union([decode(e[1]), decode(e[2])]) : []);
      });
    });
    q.words.forEach(function (w) {
      var entries = prefixEntries(w);
      byName.push(union(entries.map(function (e) { return decode(e[1]); })));
      byAny.push(union(entries.map(function (e) { return union([decode(e[1]), decode(e[2])]); })));
    });
    var names = byName.reduce(intersect), any = byAny.reduce(intersect);
    var inNames = new Set(names);
    return { names: names, text: any.filter(function (d) { return !inNames.has(d); }) };
  }
  function chunksFor(q) {
    var out = [];
    q.runs.forEach(function (run) {
      runTerms(run).forEach(function (t) { var c = chunkOf(t); if (c >= 0) out.push("t/" + c); });
    });
    q.words.forEach(function (w) { prefixChunks(w).forEach(function (c) { out.push("t/" + c); }); });
    return out;
  }
  function item(id) {
    var row = (parts["i/" + Math.floor(id / meta.chunk)] || [])[id % meta.chunk];
    if (!row) return null;
    return { id: id, kind: meta.kinds[row[0]], title: row[1], detail: row[2], url: row[3], fields: row[4], pinyin: row[5] };
  }

  /* Where a query's parts lie in a text: a flag per character (code
     point) marked, and the parts found. A CJK run anywhere, a word at the
     start of a word. */
  function marks(text, q, flags, found) {
    var chars = Array.from(text), lower = "", at = [];
    chars.forEach(function (c, i) { var l = c.toLowerCase(); for (var k = 0; k < l.length; k++) at.push(i); lower += l; });
    at.push(chars.length);
    var all = q.runs.map(function (r) { return { text: r, word: false }; })
      .concat(q.words.map(function (w) { return { text: w, word: true }; }));
    all.forEach(function (part, n) {
      for (var p = lower.indexOf(part.text); p >= 0; p = lower.indexOf(part.text, p + 1)) {
        if (part.word && p > 0 && isWordChar(Array.from(lower.slice(0, p)).pop())) continue;
        for (var i = at[p]; i < at[p + part.text.length]; i++) flags[i] = true;
        found[n] = true;
        return;
      }
    });
    return chars;
  }
  /* The characters of a name a word spells by pinyin: its full readings
     run together (the last may be cut short) or their initials, from any
     character. `spelled` is `dong|yi|ji|tuan`, readings apart by `/`. */
  function pinyinSpan(spelled, w) {
    var chars = spelled.split("|").map(function (s) { return s ? s.split("/") : []; });
    function full(j, p) {
      if (j >= chars.length) return -1;
      for (var a = 0; a < chars[j].length; a++) {
        var r = chars[j][a], rest = w.slice(p);
        if (rest.lastIndexOf(r, 0) === 0) {
          if (p + r.length === w.length) return j + 1;
          var end = full(j + 1, p + r.length);
          if (end >= 0) return end;
        } else if (r.lastIndexOf(rest, 0) === 0) return j + 1;
      }
      return -1;
    }
    function initials(j, p) {
      for (; p < w.length; j++, p++) {
        if (j >= chars.length || !chars[j].some(function (r) { return r.charAt(0) === w.charAt(p); })) return -1;
      }
      return j;
    }
    for (var k = 0; k < chars.length; k++) {
      if (!chars[k].length) continue;
      var end = full(k, 0);
      if (end < 0) end = initials(k, 0);
      if (end >= 0) return [k, end];
    }
    return null;
  }
  /* Which of a result's fields a query matched, each with its marks. */
  function explain(hit, q, inText) {
    var count = q.runs.length + q.words.length, found = [];
    var out = { title: [], detail: [], field: null, via: null };
    var titleChars = marks(hit.title, q, out.title, found);
    if (hit.pinyin) {
      q.words.forEach(function (w, n) {
        if (found[q.runs.length + n]) return;
        var span = pinyinSpan(hit.pinyin, w);
        if (!span) return;
        for (var i = span[0]; i < span[1]; i++) out.title[i] = true;
        found[q.runs.length + n] = true;
        out.via = word("pinyin", "pinyin");
      });
    }
    marks(hit.detail, q, out.detail, found);
    (hit.fields || []).forEach(function (f) {
      var flags = [], before = found.filter(Boolean).length;
      marks(f[1], q, flags, found);
      if (!out.field && found.filter(Boolean).length > before) out.field = { label: f[0], value: f[1], flags: flags };
    });
    if (inText && found.filter(Boolean).length < count) out.via = word("in_text", "in the text");
    out.titleChars = titleChars;
    return out;
  }
  function marked(cls, text, flags) {
    var span = document.createElement("span");
    span.className = cls;
    var run = "", on = false;
    function flush() {
      if (!run) return;
      if (on) { var m = document.createElement("mark"); m.textContent = run; span.appendChild(m); }
      else span.appendChild(document.createTextNode(run));
      run = "";
    }
    Array.from(text).forEach(function (c, i) {
      if (!!flags[i] !== on) { flush(); on = !!flags[i]; }
      run += c;
    });
    flush();
    return span;
  }

  var LIMIT = 20;
  /* Searches for `query` and draws its results when the chunks they need
     are in; a later query drops an earlier one's. */
  function show(query) {
    var start = performance.now(), mine = ++asked;
    active = -1;
    if (!query.trim()) { results.textContent = ""; results.hidden = true; return; }
    if (!meta) {
      pending = query;
      note(word("search_loading", "Loading…"));
      load();
      return;
    }
    var q = queryParts(query);
    if (!q.runs.length && !q.words.length) { results.textContent = ""; results.hidden = true; return; }
    need(chunksFor(q), function (ok) {
      if (mine !== asked) return;
      if (!ok) { note(word("search_failed", "The search index could not be loaded.")); return; }
      var found = find(q), ids = found.names.concat(found.text);
      var shown = ids.slice(0, LIMIT), textFrom = found.names.length;
      need(shown.map(function (id) { return "i/" + Math.floor(id / meta.chunk); }), function (ok) {
        if (mine !== asked) return;
        if (!ok) { note(word("search_failed", "The search index could not be loaded.")); return; }
        var first = (q.runs[0] || q.words[0]);
        var hits = shown.map(function (id, n) {
          var hit = item(id);
          if (!hit) return null;
          var title = hit.title.toLowerCase();
          hit.rank = n >= textFrom ? 3 : title.lastIndexOf(first, 0) === 0 ? 0 : title.indexOf(first) >= 0 ? 1 : 2;
          hit.order = n;
          hit.inText = n >= textFrom;
          return hit;
        }).filter(Boolean);
        hits.sort(function (a, b) { return a.rank - b.rank || a.order - b.order; });
        draw(query, q, hits, ids.length - shown.length, start);
      });
    });
  }
  function note(text) {
    results.textContent = "";
    var p = document.createElement("p");
    p.className = "search-note";
    p.textContent = text;
    results.appendChild(p);
    results.hidden = false;
  }
  function draw(query, q, hits, more, start) {
    results.textContent = "";
    hits.forEach(function (h, i) {
      // The index holds relative addresses only; one that reads as a
      // scheme (`javascript:`) is never made a link.
      if (/^[a-z][a-z0-9+.-]*:/i.test(h.url)) return;
      var why = explain(h, q, h.inText);
      var a = document.createElement("a");
      a.href = root + h.url;
      a.id = "search-hit-" + i;
      a.setAttribute("role", "option");
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = h.kind;
      a.appendChild(kind);
      a.appendChild(marked("search-title", h.title, why.title));
      var detail = marked("search-detail", h.detail, why.detail);
      if (why.field) {
        var field = document.createElement("span");
        field.className = "search-field";
        field.appendChild(document.createTextNode(why.field.label + ": "));
        field.appendChild(marked("search-value", why.field.value, why.field.flags));
        if (h.detail) detail.appendChild(document.createTextNode(" · "));
        detail.appendChild(field);
      }
      if (why.via) {
        var via = document.createElement("span");
        via.className = "search-via";
        via.textContent = why.via;
        if (h.detail || why.field) detail.appendChild(document.createTextNode(" · "));
        detail.appendChild(via);
      }
      a.appendChild(detail);
      results.appendChild(a);
    });
    if (!hits.length) {
      note(word("no_results", "Nothing found."));
    } else if (more) {
      var extra = document.createElement("p");
      extra.className = "search-note";
      extra.textContent = "+" + more + " " + word("more_results", "more");
      results.appendChild(extra);
    }
    results.hidden = false;
    box.setAttribute("data-ms", (performance.now() - start).toFixed(1));
    box.setAttribute("data-hits", hits.length + more);
    box.setAttribute("data-done", query);
  }

  function isWordChar(c) { return !!c && WORD_CHAR.test(c) && !isCjk(c); }
  function ready() {
    meta = window.__dossierSearch;
    loading = false;
    box.setAttribute("data-loaded", "1");
    if (pending !== null) { var q = pending; pending = null; show(q); }
  }
  function load() {
    if (meta || loading) return;
    if (window.__dossierSearch) { ready(); return; }
    loading = true;
    var script = document.createElement("script");
    script.src = root + "_search/index.js";
    script.onload = ready;
    script.onerror = function () {
      loading = false;
      note(word("search_failed", "The search index could not be loaded."));
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
