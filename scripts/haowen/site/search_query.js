/* haowen: query segmentation for Material's search worker (prepended by scripts/haowen/site/search_worker.py).
 * Replaces Material's experimental Chinese segmentation, which never matches a whole run of Han
 * characters (so "量化" became "量*") and keeps "cuda编程" as one unmatched term. Here a Han run is cut
 * by forward maximum matching against the index's own terms, and Latin and Han parts are split apart. */
self.haowenQuery = function (query, index) {
  var han = /\p{sc=Han}+/gu
  return query.replace(han, function (run) {
    var words = []
    for (var i = 0; i < run.length;) {
      var j = run.length
      while (j > i + 1 && !(run.slice(i, j) in index)) j--
      words.push(run.slice(i, j))
      i = j
    }
    return " " + words.join(" ") + " "
  }).replace(/\s+/g, " ").trim()
}
