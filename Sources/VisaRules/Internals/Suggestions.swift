/// "Did you mean": the known names nearest to what was typed (category ids, purposes, options,
/// and the `visa` tool's commands, options and provision ids). `package` access: the tool uses
/// it too.
package enum Suggestions {
  /// Up to `limit` candidates near `typed`: the same name in another case first, then the
  /// candidates `typed` is a prefix of (`vc.16.4` → `vc.16.4.a` …), then those within a small
  /// edit distance (a letter missing, added, changed or two swapped), nearest first.
  package static func nearest(_ typed: String, in candidates: [String], limit: Int = 4) -> [String] {
    let lower = typed.lowercased()
    if let same = candidates.first(where: { $0.lowercased() == lower && $0 != typed }) { return [same] }
    let prefixed = candidates.filter { $0.lowercased().hasPrefix(lower) && $0 != typed }
    if !prefixed.isEmpty && lower.count >= 2 { return Array(prefixed.prefix(max(limit, 12))) }
    let budget = max(1, min(3, lower.count / 3))
    let scored = candidates.compactMap { c -> (String, Int)? in
      let d = distance(lower, c.lowercased())
      return d <= budget ? (c, d) : nil
    }
    return scored.sorted { $0.1 < $1.1 }.prefix(limit).map(\.0)
  }

  /// `" (did you mean X?)"`, `" (did you mean X, Y or Z?)"`, or nothing when nothing is near.
  package static func hint(_ typed: String, in candidates: [String], limit: Int = 4) -> String {
    let near = nearest(typed, in: candidates, limit: limit)
    guard let last = near.last else { return "" }
    let list = near.count == 1 ? last : near.dropLast().joined(separator: ", ") + " or " + last
    return " (did you mean \(list)?)"
  }

  /// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
  /// two neighbouring characters each cost one.
  package static func distance(_ a: String, _ b: String) -> Int {
    let x = Array(a)
    let y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous2 = [Int](repeating: 0, count: y.count + 1)
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
          current[j] = min(current[j], previous2[j - 2] + 1)
        }
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[y.count]
  }
}
