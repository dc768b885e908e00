/* haowen: query segmentation for Material's search worker (prepended by scripts/haowen/site/search_worker.py).
 * Replaces Material's experimental Chinese segmentation, which never matches a whole run of Han
 * characters (so "量化" became "量*") and keeps "cuda编程" as one unmatched term. Here a Han run is cut
 * by forward maximum matching against the index's own terms, and Latin and Han parts are split apart.
 * The query is NFKC-normalised (full-width letters become ASCII), and a short abbreviation of the
 * synonym table (config.haowen_abbreviations in the index, written by search_docs.py) gets "^1", which
 * keeps Material from adding its trailing wildcard: "DP" finds the word DP, not DPO. Any other word of
 * one or two letters (or one Chinese character), which the wildcard turns into a prefix of thousands of
 * words while the reader is still typing, is looked up in the shown fields only, as before the hidden
 * recall fields existed: "title:d text:d". */
self.haowenAbbreviations = new Set()
// Registered before Material's own listener, so the list is there before the index is built.
self.addEventListener("message", function (ev) {
  var config = ev.data && ev.data.data && ev.data.data.config
  if (config && config.haowen_abbreviations) self.haowenAbbreviations = new Set(config.haowen_abbreviations)
})
self.haowenQuery = function (query, index) {
  var abbreviations = self.haowenAbbreviations
  var han = /\p{sc=Han}+/gu
  return query.normalize("NFKC").replace(han, function (run) {
    var words = []
    for (var i = 0; i < run.length;) {
      var j = run.length
      while (j > i + 1 && !(run.slice(i, j) in index)) j--
      words.push(run.slice(i, j))
      i = j
    }
    return " " + words.join(" ") + " "
  }).replace(/\s+/g, " ").trim().split(" ").map(function (term) {
    if (abbreviations.has(term.toLowerCase())) return term + "^1"
    if (/^[a-z0-9]{1,2}$/i.test(term) || /^\p{sc=Han}$/u.test(term)) return "title:" + term + " text:" + term
    return term
  }).join(" ")
}
