// The search box on every page: Pagefind's own UI, served from this site.
// A large collection is indexed in parts, listed in pagefind/parts.json;
// the box searches them all (Pagefind's mergeIndex).
(function () {
  var script = document.currentScript;
  window.addEventListener("DOMContentLoaded", function () {
    if (typeof PagefindUI === "undefined") return;
    var bundle = new URL("../pagefind/", script.src);
    fetch(new URL("parts.json", bundle))
      .then(function (response) { return response.ok ? response.json() : []; })
      .catch(function () { return []; })
      .then(function (parts) {
        new PagefindUI({
          element: "#search",
          bundlePath: bundle.pathname,
          mergeIndex: parts.map(function (part) { return { bundlePath: new URL(part, bundle).pathname }; }),
          showSubResults: false,
          showImages: false,
          translations: { placeholder: "搜索报告、机关、地区", zero_results: "没有找到“[SEARCH_TERM]”", filters_label: "筛选" },
        });
        // A real label for the box (a placeholder is not one).
        var input = document.querySelector("#search input");
        if (input && !input.id) {
          input.id = "search-input";
          var label = document.createElement("label");
          label.htmlFor = "search-input";
          label.className = "search-label";
          label.textContent = "全文搜索";
          var form = input.closest("form") || input;  // above the form, clear of Pagefind's icon
          form.parentNode.insertBefore(label, form);
        }
      });
  });
})();
