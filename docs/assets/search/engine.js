/* haowen search engine, shared by the header search (search.js) and the 筛选 page (finder.js).
 *
 * Reads the index scripts/haowen/site/search/index.py writes into search/hw/: meta.json, then only the
 * shards of the typed words' tokens and the records of the results shown.  Tokens are cut exactly as
 * scripts/haowen/site/search/tokens.py cuts the catalogue: words, digit runs, Chinese character bigrams.
 * Every typed word must match (through its synonym group too); matches rank by how they match, then by
 * the entry's number, which is its standing (picks, then series in order, then newest).  README's search
 * section has the rules.  Nothing here writes HTML. */
(function () {
  "use strict";

  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
  var RUN = new RegExp("[A-Za-z]+|[0-9]+|[" + HAN + "]+", "g");
  var KEY_PART = new RegExp("[a-z]+|[0-9]+|[" + HAN + "]+", "g");
  // A posting's code (index.py): field bits + 32 × the token's position in the title.  CATEGORY is the
  // category an entry is filed in, PARENT its top-level category.
  var TITLE = 1, TAGS = 2, OTHER = 4, CATEGORY = 8, FIELDS = 31, SHIFT = 5, MAX_POS = 63, MAX_TERM_WORDS = 8;
  // 0 phrase in the title, or a pick filed in the category the words name; 1 every word in the title;
  // 2 title and tags; 3 note, site or category
  var TIERS = 4;
  var MAX_QUERY = 200;  // characters of a query looked at: a pasted page costs no more than a long query

  // A term's key (catalog/synonyms.py's `key`): "Flash Attention" and "flash-attention" are one.
  function keyOf(text) { return (text.normalize("NFKC").toLowerCase().match(KEY_PART) || []).join(""); }

  // tokens.py's `shard_of`: FNV-1a over the UTF-16 code units of the token's shard key.
  function shardKey(tok) {
    if (tok.charAt(0) === "~") return tok;
    return tok.charCodeAt(0) < 128 ? tok.slice(0, 2) : tok.charAt(0);
  }
  function shardOf(tok, shards) {
    var key = shardKey(tok), h = 0x811c9dc5;
    for (var i = 0; i < key.length; i++) h = Math.imul((h ^ key.charCodeAt(i)) >>> 0, 0x01000193) >>> 0;
    return h % shards;
  }

  // The tokens of a typed text from position `pos` on, as tokens.py numbers them: {tok, pos, prefix}.
  // A word of three letters or more that is not an abbreviation, and a lone Chinese character, also
  // find the tokens they start ("parallel" finds parallelism); the rest find whole tokens only.
  function queryTokens(text, pos, abbreviations) {
    var norm = text.normalize("NFKC"), out = [], m;
    RUN.lastIndex = 0;
    while ((m = RUN.exec(norm))) {
      var run = m[0], c = run.charCodeAt(0);
      if (c < 128) {
        var tok = run.toLowerCase(), letters = /[a-z]/.test(tok);
        out.push({ tok: tok, pos: pos, prefix: letters && tok.length >= 3 && !abbreviations.has(tok) });
        pos += 1;
      } else if (run.length === 1) {
        out.push({ tok: run, pos: pos, prefix: true });
        pos += 1;
      } else {
        for (var i = 0; i < run.length - 1; i++) out.push({ tok: run.slice(i, i + 2), pos: pos + i, prefix: false });
        pos += run.length;
      }
    }
    return { tokens: out, end: pos };
  }

  function Engine(base) {
    this.base = base.replace(/\/?$/, "/");
    this.shardCache = {};
    this.chunkCache = {};
    this.datesCache = null;
    this.meta = null;
  }

  // A file of the index; meta.json is revalidated each visit (it names this build's folder, whose files
  // never change, so a cached copy of them is always right).
  Engine.prototype.json = function (path) {
    return fetch(this.base + path, { cache: path === "meta.json" ? "no-cache" : "default" }).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + path);
      return r.json();
    });
  };

  // meta.json, once; its tables turned into lookups.
  Engine.prototype.ready = function () {
    var self = this;
    if (!this.loading) {
      this.loading = this.json("meta.json").then(function (meta) {
        meta.groupOf = Object.create(null);  // no inherited keys: "constructor" typed is just a word
        meta.groups.forEach(function (keys, g) { keys.forEach(function (k) { meta.groupOf[k] = g; }); });
        meta.abbreviationSet = new Set(meta.abbreviations);
        self.meta = meta;
        return meta;
      });
    }
    return this.loading;
  };

  Engine.prototype.shard = function (k) {
    if (!this.shardCache[k]) this.shardCache[k] = this.json(this.meta.dir + "/t/" + k + ".json");
    return this.shardCache[k];
  };

  // The typed words as terms: runs of words that spell one synonym ("stable diffusion") kept together.
  Engine.prototype.terms = function (q) {
    var meta = this.meta, words = q.split(/\s+/).filter(Boolean), terms = [], pos = 0;
    for (var i = 0; i < words.length;) {
      var j = Math.min(words.length, i + MAX_TERM_WORDS);
      while (j > i + 1 && !(keyOf(words.slice(i, j).join(" ")) in meta.groupOf)) j--;
      var text = words.slice(i, j).join(" "), key = keyOf(text);
      var cut = queryTokens(text, pos, meta.abbreviationSet);
      pos = cut.end;
      if (cut.tokens.length) {
        terms.push({ text: text, tokens: cut.tokens, group: key in meta.groupOf ? "~g" + meta.groupOf[key] : null });
      }
      i = j;
    }
    return terms;
  };

  // Every token the index holds for a query token (itself, or all it starts), with their postings.
  Engine.prototype.postings = function (qt) {
    return this.shard(shardOf(qt.tok, this.meta.shards)).then(function (shard) {
      if (!qt.prefix) return Object.prototype.hasOwnProperty.call(shard, qt.tok) ? [shard[qt.tok]] : [];
      var out = [];
      for (var tok in shard) if (tok.charAt(0) !== "~" && tok.lastIndexOf(qt.tok, 0) === 0) out.push(shard[tok]);
      return out;
    });
  };

  // Postings lists as one Map doc → code: fields joined, the earliest title position kept.
  function merged(lists) {
    var map = new Map();
    lists.forEach(function (list) {
      for (var i = 0, doc = 0; i < list.length; i += 2) {
        doc += list[i];
        var code = list[i + 1], old = map.get(doc);
        if (old === undefined) { map.set(doc, code); continue; }
        var pos = Math.min(old & TITLE ? old >> SHIFT : MAX_POS, code & TITLE ? code >> SHIFT : MAX_POS);
        map.set(doc, ((old | code) & FIELDS) | (((old | code) & TITLE ? pos : 0) << SHIFT));
      }
    });
    return map;
  }

  // Docs matching one term: Map doc → [field bits, anchor], where anchor is the title position of the
  // term's first token when all its tokens stand in the title as typed (else -1; -2: found by synonym).
  function termMatches(term, maps, groupMap) {
    var out = new Map(), order = maps.slice().sort(function (a, b) { return a.size - b.size; });
    if (order.length) {
      order[0].forEach(function (_, doc) {
        var mask = FIELDS, anchor = null;
        for (var i = 0; i < maps.length; i++) {
          var code = maps[i].get(doc);
          if (code === undefined) return;
          mask &= code;
          var at = code & TITLE && code >> SHIFT < MAX_POS ? (code >> SHIFT) - term.tokens[i].pos : -1;
          anchor = anchor === null || anchor === at ? at : -1;
        }
        out.set(doc, [mask & FIELDS || OTHER, anchor === null ? -1 : anchor]);
      });
    }
    if (groupMap) {
      groupMap.forEach(function (code, doc) {
        var old = out.get(doc), bits = code & FIELDS;
        if (old) old[0] |= bits; else out.set(doc, [bits, bits & TITLE ? -2 : -1]);
      });
    }
    return out;
  }

  Engine.prototype.termMap = function (term) {
    var self = this;
    var lists = term.tokens.map(function (qt) { return self.postings(qt).then(merged); });
    var group = term.group ? this.postings({ tok: term.group, prefix: false }).then(merged) : Promise.resolve(null);
    return Promise.all([Promise.all(lists), group]).then(function (r) { return termMatches(term, r[0], r[1]); });
  };

  // The tier of doc `doc` matched by every term (`hits`: each term's [bits, anchor]); docs below `picks`
  // are the start-here picks.
  function tier(hits, doc, picks) {
    if (doc < picks && hits.every(function (h) { return h[0] & (TITLE | CATEGORY); })) return 0;
    var title = hits.every(function (h) { return h[0] & TITLE; });
    if (title) {
      var a = hits[0][1];
      var phrase = hits.length === 1 ? a !== -1 : a >= 0 && hits.every(function (h) { return h[1] === a; });
      return phrase ? 0 : 1;
    }
    return hits.every(function (h) { return h[0] & (TITLE | TAGS); }) ? 2 : 3;
  }

  // Docs matching every term map and every facet set, best first.
  function combine(maps, facets, count, picks) {
    var sets = maps.concat(facets), ranked = [];
    if (!sets.length) {
      for (var d = 0; d < count; d++) ranked.push(d);
      return ranked;
    }
    var smallest = sets.reduce(function (a, b) { return b.size < a.size ? b : a; });
    var buckets = [];
    for (var t = 0; t < TIERS; t++) buckets.push([]);
    smallest.forEach(function (_, doc) {
      for (var i = 0; i < facets.length; i++) if (!facets[i].has(doc)) return;
      var hits = [];
      for (var j = 0; j < maps.length; j++) {
        var hit = maps[j].get(doc);
        if (!hit) return;
        hits.push(hit);
      }
      buckets[maps.length ? tier(hits, doc, picks) : 0].push(doc);
    });
    buckets.forEach(function (b) { b.sort(function (x, y) { return x - y; }); ranked = ranked.concat(b); });
    return ranked;
  }

  // Search: {q, facets: ["~c:moe", …], sort: "" | "new" | "old"} → {ids, terms, dropped}.
  // With no doc matching every word, the best result leaving one word out, and that word in `dropped`.
  Engine.prototype.search = function (opts) {
    var self = this;
    return this.ready().then(function (meta) {
      var terms = self.terms((opts.q || "").slice(0, MAX_QUERY));
      var facetMaps = (opts.facets || []).map(function (f) {
        return self.postings({ tok: f, prefix: false }).then(merged);
      });
      return Promise.all([Promise.all(terms.map(function (t) { return self.termMap(t); })), Promise.all(facetMaps)])
        .then(function (r) {
          var maps = r[0], facets = r[1], ids = combine(maps, facets, meta.count, meta.picks), dropped = [];
          if (!ids.length && maps.length > 1) {
            var best = -1;
            maps.forEach(function (_, i) {
              var rest = combine(maps.filter(function (_, j) { return j !== i; }), facets, meta.count, meta.picks);
              if (rest.length > ids.length) { ids = rest; best = i; }
            });
            if (best >= 0) dropped = [terms[best].text];
          }
          return self.sorted(ids, opts.sort).then(function (sorted) {
            return { ids: sorted, terms: terms, dropped: dropped };
          });
        });
    });
  };

  // `ids` in publication order ("new" or "old"), undated ones after in standing order; else as they are.
  Engine.prototype.sorted = function (ids, sort) {
    if (sort !== "new" && sort !== "old") return Promise.resolve(ids);
    if (!this.datesCache) this.datesCache = this.json(this.meta.dir + "/dates.json");
    return this.datesCache.then(function (dates) {
      var at = new Map(), n = dates.length;
      dates.forEach(function (doc, i) { at.set(doc, sort === "new" ? i : n - 1 - i); });
      return ids.slice().sort(function (a, b) {
        var x = at.has(a) ? at.get(a) : n + a, y = at.has(b) ? at.get(b) : n + b;
        return x - y;
      });
    });
  };

  // The records of `ids` (index.py's Tables.record), fetched by chunk, in the order asked.
  Engine.prototype.records = function (ids) {
    var self = this, chunk = this.meta.chunk;
    return Promise.all(ids.map(function (id) {
      var k = Math.floor(id / chunk);
      if (!self.chunkCache[k]) self.chunkCache[k] = self.json(self.meta.dir + "/d/" + k + ".json");
      return self.chunkCache[k].then(function (records) { return records[id - k * chunk]; });
    }));
  };

  // Where the typed words occur in `text` (case-insensitive), as sorted, disjoint [start, end) ranges.
  function marks(text, terms) {
    var low = text.toLowerCase(), ranges = [];
    terms.forEach(function (term) {
      term.text.toLowerCase().split(/\s+/).forEach(function (word) {
        if (!word) return;
        for (var at = low.indexOf(word); at >= 0; at = low.indexOf(word, at + word.length)) {
          ranges.push([at, at + word.length]);
        }
      });
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    return ranges.filter(function (r, i) { return i === 0 || r[0] >= ranges[i - 1][1]; });
  }

  // `text` into `node` as text nodes, the typed words in <mark>.
  function appendMarked(node, text, terms) {
    var at = 0;
    marks(text, terms).forEach(function (r) {
      if (r[0] > at) node.appendChild(document.createTextNode(text.slice(at, r[0])));
      node.appendChild(document.createElement("mark")).textContent = text.slice(r[0], r[1]);
      at = r[1];
    });
    if (at < text.length) node.appendChild(document.createTextNode(text.slice(at)));
  }

  // A DOM node from data: attributes through setAttribute, text through textContent, never HTML.
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  // The ★ of a start-here pick, the same markup as on every other page (site/reading.py PICK_STAR).
  function pickStar() {
    return el("span", { "class": "hw-pick", role: "img", "aria-label": "推荐", title: "推荐先读",
                        "data-search-exclude": "" }, "★");
  }

  var engines = {};
  window.haowenSearch = {
    // One engine per index folder (`base`: its URL), shared by everything on the page.
    engine: function (base) {
      var url = new URL(base, document.baseURI).href;
      if (!engines[url]) engines[url] = new Engine(url);
      return engines[url];
    },
    appendMarked: appendMarked,
    el: el,
    pickStar: pickStar,
    // What a link to an article carries, as on the site's rows: a new tab, no referrer.
    EXTERNAL: { target: "_blank", rel: "noopener noreferrer" },
    keyOf: keyOf,
    // How a typed text is cut, and the shard of a token: the same as tokens.py (the tests compare them).
    tokens: function (text) { return queryTokens(text, 0, new Set()).tokens; },
    shardOf: shardOf
  };
})();
