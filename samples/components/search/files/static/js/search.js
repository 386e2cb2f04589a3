// Client-side search over /search-index.json, written by the search component at build time.
// The index is fetched on first use; each query word must appear in the title, tags or summary.
(function () {
  "use strict";

  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  if (!input || !list) return;

  var base = (input.getAttribute("data-base") || "/").replace(/\/?$/, "/");
  var pages = null;
  var loading = null;
  var maxResults = 8;

  function load() {
    if (!loading) {
      loading = fetch(input.getAttribute("data-index"))
        .then(function (response) {
          if (!response.ok) throw new Error("search index: HTTP " + response.status);
          return response.json();
        })
        .then(function (data) { pages = data; })
        .catch(function (error) { pages = []; console.warn(error); });
    }
    return loading;
  }

  function score(page, words) {
    var title = page.title.toLowerCase();
    var tags = page.tags.join(" ").toLowerCase();
    var summary = page.summary.toLowerCase();
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var word = words[i];
      var s = (title.indexOf(word) >= 0 ? 5 : 0) + (tags.indexOf(word) >= 0 ? 3 : 0) + (summary.indexOf(word) >= 0 ? 1 : 0);
      if (s === 0) return 0;
      total += s;
    }
    return total;
  }

  function render(results, query) {
    list.textContent = "";
    if (!query) return;
    if (results.length === 0) {
      var empty = document.createElement("li");
      empty.textContent = "No pages match “" + query + "”.";
      list.appendChild(empty);
      return;
    }
    results.forEach(function (page) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = base + page.url.replace(/^\//, "");
      link.textContent = page.title;
      item.appendChild(link);
      if (page.summary) {
        var summary = document.createElement("p");
        summary.textContent = page.summary;
        item.appendChild(summary);
      }
      list.appendChild(item);
    });
  }

  function search() {
    var query = input.value.trim();
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) { render([], ""); return; }
    load().then(function () {
      if (input.value.trim() !== query) return; // a newer query is on its way
      var results = pages
        .map(function (page) { return { page: page, score: score(page, words) }; })
        .filter(function (r) { return r.score > 0; })
        .sort(function (a, b) { return b.score - a.score || a.page.title.localeCompare(b.page.title); })
        .slice(0, maxResults)
        .map(function (r) { return r.page; });
      render(results, query);
    });
  }

  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", search);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; render([], ""); }
  });
})();
