// The explorer: the rows of data/explore.json filtered, sorted and shown
// (at most SHOWN at once, so that ten thousand reports stay quick), and the
// rows filtered downloadable as CSV. Every text is set as text, never HTML.
(function () {
  var SHOWN = 500;
  var form = document.getElementById("explore-filters");
  if (!form) return;
  var body = document.querySelector("#explore-table tbody");
  var count = document.getElementById("explore-count");
  var headers = document.querySelectorAll("#explore-table th[data-key]");
  var rows = [], shown = [], sortKey = "year", sortDir = -1;

  var figures = Array.prototype.filter.call(headers, function (th) { return th.dataset.figure; });

  // A figure: a number; null when a cell was blank (unknown, never 0); absent when it does not apply.
  function value(r, key) { var v = r[key]; return v === null || v === undefined ? -1 : v; }
  function shownFigure(r, th) {
    var v = r[th.dataset.key];
    if (v === undefined) return "—";
    if (v === null) return th.dataset.figure === "rate" ? "—" : "未填";
    return th.dataset.figure === "rate" ? v.toFixed(1) + "%" : String(v);
  }

  function filtered() {
    var f = new FormData(form), organ = (f.get("organ") || "").trim();
    return rows.filter(function (r) {
      return (!f.get("year") || String(r.year) === f.get("year")) &&
        (!f.get("city") || r.city === f.get("city")) &&
        (!f.get("kind") || r.kind === f.get("kind")) &&
        (!f.get("status") || r.status === f.get("status")) &&
        (!organ || r.organ.indexOf(organ) >= 0);
    });
  }

  function cell(tr, text, header) {
    var td = document.createElement(header ? "th" : "td");
    if (header) td.scope = "row";
    if (text instanceof Node) td.appendChild(text); else td.textContent = text;
    tr.appendChild(td);
  }

  // The view is kept in the address (?year=2025&sort=new&order=desc), so that it can be shared.
  var FILTERS = ["year", "city", "kind", "status", "organ"];
  function restore() {
    var asked = new URLSearchParams(location.search);
    FILTERS.forEach(function (name) { if (asked.get(name) !== null) form.elements[name].value = asked.get(name); });
    var known = Array.prototype.some.call(headers, function (th) { return th.dataset.key === asked.get("sort"); });
    if (known) { sortKey = asked.get("sort"); sortDir = asked.get("order") === "asc" ? 1 : -1; }
  }
  function remember() {
    var url = new URL(location.href), f = new FormData(form);
    FILTERS.forEach(function (name) { if (f.get(name)) url.searchParams.set(name, f.get(name)); else url.searchParams.delete(name); });
    url.searchParams.set("sort", sortKey);
    url.searchParams.set("order", sortDir < 0 ? "desc" : "asc");
    history.replaceState(null, "", url);
  }

  function render() {
    remember();
    shown = filtered();
    shown.sort(function (a, b) {
      var x = value(a, sortKey), y = value(b, sortKey);
      var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y), "zh-Hans-CN", { numeric: true });
      return order * sortDir || a.url.localeCompare(b.url);
    });
    var rowsHtml = document.createDocumentFragment();
    shown.slice(0, SHOWN).forEach(function (r) {
      var tr = document.createElement("tr"), organ = document.createElement("a"), year = document.createElement("a");
      organ.href = form.dataset.base + (r.organ_url || r.url);
      organ.textContent = r.organ || r.title;
      cell(tr, organ, true);
      year.href = form.dataset.base + r.url;
      year.textContent = r.year ? r.year + "年" : "年度不明";
      cell(tr, year);
      cell(tr, r.region);
      cell(tr, r.status);
      figures.forEach(function (th) { cell(tr, shownFigure(r, th)); });
      rowsHtml.appendChild(tr);
    });
    body.replaceChildren(rowsHtml);
    count.textContent = "符合条件的报告 " + shown.length + " 份" + (shown.length > SHOWN ? "，显示前 " + SHOWN + " 份（下载包含全部）" : "");
    headers.forEach(function (th) {
      th.setAttribute("aria-sort", th.dataset.key === sortKey ? (sortDir < 0 ? "descending" : "ascending") : "none");
    });
  }

  function csvField(v) {
    var s = String(v);
    if (/^[=+\-@]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function download() {
    var keys = ["organ", "year", "region", "kind", "status"].concat(figures.map(function (th) { return th.dataset.key; }), ["url"]);
    var lines = [keys.join(",")].concat(shown.map(function (r) {
      return keys.map(function (k) { return csvField(r[k] === null || r[k] === undefined ? "" : r[k]); }).join(",");
    }));
    var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "reports-shown.csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  headers.forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () {
      sortDir = th.dataset.key === sortKey ? -sortDir : (th.dataset.key === "organ" || th.dataset.key === "region" ? 1 : -1);
      sortKey = th.dataset.key;
      render();
    });
  });
  form.addEventListener("input", render);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  document.getElementById("explore-download").addEventListener("click", download);
  restore();
  fetch(form.dataset.rows).then(function (r) { return r.json(); }).then(function (data) { rows = data; render(); });
})();
