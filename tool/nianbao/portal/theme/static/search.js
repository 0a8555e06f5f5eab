// The search box on every page, on Pagefind's JS API (the index is served
// from this site; a large collection is indexed in parts, listed in
// pagefind/parts.json, and all are searched).
// - A result is kept only when its text holds every word typed: Pagefind
//   also brings back near-misses, and a nonsense query must find nothing.
// - An organ named exactly comes first, then organs whose name holds the
//   query, then Pagefind's order.
// - Each result shows the sentence that matched, the words marked.
// - ?q= runs a search, and what is typed is kept in the address.
// Every text is put in as text, never as HTML: report text is anyone's.
(function () {
  "use strict";
  var script = document.currentScript;
  var READ = 60; // results whose text is read, to check and show them
  var AROUND = 40; // characters of the excerpt on each side of the match

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function holdsAll(text, terms) {
    var folded = text.toLowerCase();
    return terms.every(function (term) { return folded.indexOf(term.toLowerCase()) >= 0; });
  }

  // The sentence around the first match after `from` (the title, which
  // the result shows already), else the first; its words marked.
  function excerpt(content, terms, from) {
    var folded = content.toLowerCase();
    var at = folded.indexOf(terms[0].toLowerCase(), from);
    var floor = from;
    if (at < 0) {
      at = folded.indexOf(terms[0].toLowerCase());
      floor = 0;
    }
    var start = at, end = at;
    while (start > floor && at - start < AROUND && "。！？；\n".indexOf(content[start - 1]) < 0) start--;
    while (end < content.length && end - at < AROUND + terms[0].length && "。！？；\n".indexOf(content[end]) < 0) end++;
    if (end < content.length && "。！？；".indexOf(content[end]) >= 0) end++;
    var text = content.slice(start, end).trim();
    var p = element("p", { class: "search-excerpt" });
    if (start > floor && "。！？；\n".indexOf(content[start - 1]) < 0) p.appendChild(document.createTextNode("…"));
    var pattern = new RegExp(terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "gi");
    var last = 0, match;
    while ((match = pattern.exec(text)) !== null && match[0]) {
      p.appendChild(document.createTextNode(text.slice(last, match.index)));
      p.appendChild(element("mark", {}, match[0]));
      last = match.index + match[0].length;
    }
    p.appendChild(document.createTextNode(text.slice(last)));
    if (end < content.length && "。！？；".indexOf(content[end - 1]) < 0) p.appendChild(document.createTextNode("…"));
    return p;
  }

  function rank(data, query) {
    var organ = (data.meta && data.meta.organ) || "";
    return organ === query ? 0 : organ.indexOf(query) >= 0 ? 1 : 2;
  }

  window.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("search");
    if (!box) return;
    var bundle = new URL("../pagefind/", script.src);
    var form = element("form", { class: "search-form" });
    var label = element("label", { for: "search-input", class: "search-label" }, "全文搜索");
    var input = element("input", { id: "search-input", type: "search", placeholder: "搜索报告、机关、地区", autocomplete: "off" });
    form.appendChild(label);
    form.appendChild(input);
    var filters = element("details", { class: "search-filters", hidden: "" });
    filters.appendChild(element("summary", {}, "筛选"));
    var selects = element("div", { class: "search-selects" });
    filters.appendChild(selects);
    var count = element("p", { class: "search-count", "aria-live": "polite" });
    var list = element("ol", { class: "search-results" });
    [form, filters, count, list].forEach(function (node) { box.appendChild(node); });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });

    var pagefind = import(new URL("pagefind.js", bundle).href).then(function (pf) {
      return pf.options({ basePath: bundle.pathname }).then(function () {
        return fetch(new URL("parts.json", bundle)).then(function (r) { return r.ok ? r.json() : []; }).catch(function () { return []; });
      }).then(function (parts) {
        return parts.reduce(function (done, part) {
          return done.then(function () { return pf.mergeIndex(new URL(part, bundle).pathname); });
        }, Promise.resolve());
      }).then(function () { return pf.filters(); }).then(function (found) {
        Object.keys(found).sort().forEach(function (name) {
          var values = Object.keys(found[name]).sort(function (a, b) { return name === "年度" ? b.localeCompare(a) : a.localeCompare(b, "zh-CN"); });
          if (!values.length) return;
          var field = element("label", {}, name + " ");
          var select = element("select", { name: name });
          select.appendChild(element("option", { value: "" }, "全部"));
          values.forEach(function (value) { select.appendChild(element("option", { value: value }, value + "（" + found[name][value] + "）")); });
          select.addEventListener("change", run);
          field.appendChild(select);
          selects.appendChild(field);
        });
        filters.hidden = false;
        return pf;
      });
    });

    var asked = 0; // the latest search: an earlier one that answers late is dropped
    function run() {
      var query = input.value.trim();
      var url = new URL(location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      var chosen = {};
      selects.querySelectorAll("select").forEach(function (s) { if (s.value) chosen[s.name] = [s.value]; });
      var terms = query ? query.split(/\s+/) : [];
      var mine = ++asked;
      if (!terms.length && !Object.keys(chosen).length) {
        list.replaceChildren();
        count.textContent = "";
        return;
      }
      pagefind.then(function (pf) {
        return pf.search(terms.length ? terms.join(" ") : null, { filters: chosen });
      }).then(function (search) {
        return Promise.all(search.results.slice(0, READ).map(function (r) { return r.data(); }));
      }).then(function (found) {
        if (mine !== asked) return;
        var kept = found.filter(function (d) { return !terms.length || holdsAll((d.meta.title || "") + " " + d.content, terms); });
        kept = kept.map(function (d, i) { return [rank(d, query), i, d]; })
          .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
          .map(function (item) { return item[2]; });
        list.replaceChildren.apply(list, kept.map(function (d) {
          var item = element("li", { class: "search-result" });
          var heading = element("p", { class: "search-title" });
          heading.appendChild(element("a", { href: d.meta.url || d.url }, d.meta.title || d.url));
          item.appendChild(heading);
          var title = d.meta.title || "";
          var from = title && d.content.indexOf(title) === 0 ? title.length : 0;
          if (terms.length && holdsAll(d.content, terms.slice(0, 1))) item.appendChild(excerpt(d.content, terms, from));
          return item;
        }));
        count.textContent = kept.length ? "找到 " + kept.length + " 份报告" + (found.length >= READ ? "（只列出最相关的）" : "")
          : "没有找到“" + query + "”";
      }).catch(function () {
        if (mine === asked) count.textContent = "搜索暂时无法使用";
      });
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
    var q = new URLSearchParams(location.search).get("q");
    if (q) {
      input.value = q;
      run();
    }
  });
})();
