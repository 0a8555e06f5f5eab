// The search box on every page: Pagefind's own UI, served from this site.
// A large collection is indexed in parts, listed in pagefind/parts.json;
// the box searches them all (Pagefind's mergeIndex). ?q= in the address
// runs a search, so that one can be linked.
(function () {
  var script = document.currentScript;
  window.addEventListener("DOMContentLoaded", function () {
    if (typeof PagefindUI === "undefined") return;
    var bundle = new URL("../pagefind/", script.src);
    fetch(new URL("parts.json", bundle))
      .then(function (response) { return response.ok ? response.json() : []; })
      .catch(function () { return []; })
      .then(function (parts) {
        var ui = new PagefindUI({
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
        // A search can be linked: ?q= runs it, and what is typed is kept in the address.
        var asked = new URLSearchParams(location.search).get("q");
        if (asked) ui.triggerSearch(asked);
        if (input) input.addEventListener("input", function () {
          var url = new URL(location.href);
          if (input.value.trim()) url.searchParams.set("q", input.value.trim()); else url.searchParams.delete("q");
          history.replaceState(null, "", url);
        });
      });
  });
})();
