/* The header search (scripts/haowen/site/theme/partials/search.html): one result per catalogue entry, from
 * the shared engine (engine.js).  "/" and "s" open it, arrows move through the results, Escape closes it.
 * Ten results are drawn at first, ten more whenever the end of the list scrolls into view.  Each
 * keystroke starts a query; a query overtaken by a newer one is dropped when its data arrives.
 * Catalogue text reaches the DOM only as text. */
(function () {
  "use strict";

  var BATCH = 10;

  // engine.js (loaded before this script) holds the DOM helpers the header search and the finder share.
  var shared = window.haowenSearch, el = shared.el, EXTERNAL = shared.EXTERNAL;

  // One result: the article's link (title with the typed words marked, then what it is and where it is
  // filed) and a smaller link to its row in the catalogue.
  function item(meta, root, r, terms) {
    var li = el("li", { "class": "md-search-result__item hw-result" });
    var a = li.appendChild(el("a", Object.assign({ "class": "md-search-result__link", href: r[1] }, EXTERNAL)));
    var article = a.appendChild(el("article", { "class": "md-search-result__article md-typeset" }));
    var h = article.appendChild(el("h1", { "class": "hw-result__title" }));
    if (r[4]) h.appendChild(shared.pickStar());
    shared.appendMarked(h, r[0], terms);
    var kind = meta.kinds[r[3]];
    if (r[3] > 0) h.appendChild(el("span", { "class": "hw-kind" }, kind[1]));
    var line = article.appendChild(el("p", { "class": "hw-result__meta" }));
    var parts = [r[2], meta.cats[r[5]][1]];
    if (r[7]) parts.push("发表于 " + r[7]);
    if (r[10] >= 0) {
      var series = meta.series[r[10]];
      parts.push("系列：" + series[0] + "（第 " + r[11] + "/" + series[1] + " 篇）");
    }
    parts.forEach(function (text) { line.appendChild(el("span", {}, text)); });
    var row = li.appendChild(el("a", { "class": "hw-result__row", href: root + r[6] }, "在目录中查看"));
    row.setAttribute("aria-label", "在目录中查看：" + r[0]);
    return li;
  }

  function setup(box) {
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "true";
    var engine = shared.engine(box.dataset.index);
    var root = box.dataset.root.replace(/\/?$/, "/");
    var toggle = document.getElementById("__search");
    var input = box.querySelector(".md-search__input");
    var form = box.querySelector("form");
    var count = box.querySelector(".md-search-result__meta");
    var list = box.querySelector(".md-search-result__list");
    var scroller = box.querySelector(".md-search__scrollwrap");
    var sentinel = el("li", { "class": "hw-result-more", "aria-hidden": "true" });
    var seq = 0;  // the newest query; an older one's answer is dropped
    var state = null;  // the shown query: {ids, terms, shown, q, drawing, count, label}

    function open(yes) {
      list.hidden = !yes;
      if (toggle && toggle.checked !== yes) {
        toggle.checked = yes;
        toggle.dispatchEvent(new Event("change"));
      }
    }

    // The next ten results; the first ten of a query replace the list (and its count) only once they are
    // there, so the list never flashes empty between keystrokes.
    function drawMore() {
      var s = state;
      if (!s || s.drawing || (s.shown && s.shown >= s.ids.length)) return;
      s.drawing = true;
      var ids = s.ids.slice(s.shown, s.shown + BATCH);
      engine.records(ids).then(function (records) {
        if (s !== state) return;
        var frag = document.createDocumentFragment();
        records.forEach(function (r) { frag.appendChild(item(engine.meta, root, r, s.terms)); });
        if (s.shown === 0) {
          count.textContent = s.count;
          list.replaceChildren();
          if (s.label) list.appendChild(el("li", { "class": "hw-result-label" }, s.label));
          list.appendChild(sentinel);
        }
        list.insertBefore(frag, sentinel);
        s.shown += ids.length;
        s.drawing = false;
        box.dataset.query = s.q;  // what the list shows (tests and benchmarks wait for it)
        if (s.shown >= s.ids.length) sentinel.remove();
        else if (visible(sentinel)) drawMore();
      }, failed);
    }

    function visible(node) {
      var a = node.getBoundingClientRect(), b = scroller.getBoundingClientRect();
      return a.top <= b.bottom + 200;
    }

    function failed() { count.textContent = "搜索数据加载失败，请刷新页面再试"; }

    function show(result, mine, q) {
      if (mine !== seq) return;  // a newer query was typed meanwhile
      var ids = result.ids, dropped = result.dropped;
      state = {
        ids: ids, terms: result.terms, shown: 0, q: q, drawing: false,
        count: dropped.length ? "没有同时包含全部关键词的文章" : ids.length ? ids.length + " 篇" : "没有找到文章",
        label: dropped.length ? "不含“" + dropped.join("”“") + "”的文章：" + ids.length + " 篇" : ""
      };
      drawMore();
    }

    function search() {
      var q = input.value.trim(), mine = ++seq;
      state = null;
      if (!q) {
        list.textContent = "";
        count.textContent = "输入关键词搜索文章";
        box.dataset.query = "";
        return;
      }
      engine.search({ q: q }).then(function (result) {
        if (!result.terms.length) result = { ids: [], terms: [], dropped: [] };
        show(result, mine, q);
      }, failed);
    }

    function links() { return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link")); }

    function onKey(ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var active = document.activeElement;
      var typing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
      if (!toggle || !toggle.checked) {
        if (!typing && (ev.key === "/" || ev.key === "s" || ev.key === "S")) {
          ev.preventDefault();
          input.focus();
          input.select();
        }
        return;
      }
      if (ev.key === "Escape") {
        ev.preventDefault();
        open(false);
        input.blur();
      } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        var all = links(), at = all.indexOf(active);
        if (!all.length) return;
        ev.preventDefault();
        var next = ev.key === "ArrowDown" ? at + 1 : (at < 0 ? all.length - 1 : at - 1);
        if (next < 0) input.focus(); else all[Math.min(next, all.length - 1)].focus();
      } else if (ev.key === "Enter" && active === input) {
        ev.preventDefault();
        var first = links()[0];
        if (first) first.click();
      }
    }

    input.addEventListener("focus", function () { open(true); engine.ready().catch(failed); });
    input.addEventListener("input", search);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(function () { search(); input.focus(); }, 0); });
    // Closed, the results are hidden (not only faded out): Tab never lands on a result behind the page.
    if (toggle) {
      toggle.addEventListener("change", function () {
        list.hidden = !toggle.checked;
        if (!toggle.checked) input.blur();
      });
    }
    box.addEventListener("focusout", function (ev) {  // focus moved on to the page: the search closes
      if (ev.relatedTarget && !box.contains(ev.relatedTarget)) open(false);
    });
    document.addEventListener("keydown", onKey, true);
    scroller.addEventListener("scroll", function () { if (state && visible(sentinel)) drawMore(); }, { passive: true });
  }

  function start() { setup(document.querySelector("[data-hw-search]")); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
