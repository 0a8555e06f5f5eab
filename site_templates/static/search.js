// The search box on every page: Pagefind's own UI, served from this site.
window.addEventListener("DOMContentLoaded", function () {
  if (typeof PagefindUI === "undefined") return;
  new PagefindUI({
    element: "#search",
    showSubResults: false,
    showImages: false,
    translations: { placeholder: "搜索报告、机关、地区", zero_results: "没有找到“[SEARCH_TERM]”" },
  });
});
