import Foundation
import Testing
import VisaRules

/// Every way of asking for a decision gives the same bytes: a single evaluation
/// (``RuleBook/evaluate(_:options:)`` and its JSON), a traced one with its trace taken out, one
/// JSON Lines line (``RuleBook/evaluateLine(_:lineNumber:options:)``) and a whole batch
/// (``RuleBook/evaluateJSONLines(input:output:options:threads:)``) on one and on three threads.
/// An input the decoder or the evaluation rejects gives the same error object on every path.
///
/// The inputs: generated applications (the population generator and the property tests'
/// generator, with visa histories and stays, hosts, fast-track schemes, extension grounds) and
/// mutations of them (fields dropped, values of the wrong type, impossible dates, unknown codes
/// and values, unknown fields, duplicate keys, escapes, truncation), under the default options
/// and under every value of every interpretation option.
struct PathAgreementTests {
  static let book = try! RuleBook.builtIn()

  /// The lines of the test: generated and mutated, none blank, none holding a newline.
  static let lines: [String] = {
    var out: [String] = []
    let population = Population(
      count: 450, seed: 11, period: Period(from: LocalDate(iso: "2010-04-05")!, until: LocalDate(iso: "2027-12-31")!))
    var rng = SplitMix(seed: 2026)
    var gen = Generator(seed: 3, stream: 41)
    for i in 0..<population.count {
      out.append(population.line(i))
      let (app, _) = gen.application(focusOnHistory: i % 3 == 0)
      var generated = contractJSON(app)
      if i % 4 == 0 { generated = withExtras(generated, &rng) }
      out.append(generated)
    }
    // Mutations first, so that every slice of the lines holds some.
    var mutated: [String] = []
    for (i, line) in out.enumerated() where i % 3 != 2 {
      mutated.append(mutate(line, &rng))
      if i % 9 == 0 { mutated.append(mutate(mutate(line, &rng), &rng)) }
    }
    out = zip(mutated, out).flatMap { [$0, $1] } + mutated.dropFirst(out.count)
    return out.filter { !$0.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } && !$0.contains("\n") }
  }()

  /// The option sets: none, and each value of each option alone.
  static var optionSets: [[String: String]] {
    var sets: [[String: String]] = [[:]]
    for option in book.options {
      for value in option.values { sets.append([option.id: value.name]) }
    }
    return sets
  }

  @Test func theOptionsAreCovered() {
    // Every option of the rule book has at least two values here (a set of its own each).
    #expect(Self.optionSets.count > 1 + Self.book.options.count)
    #expect(Self.lines.count > 1200)
    // Both decisions and errors are exercised, in numbers.
    let outcomes = Self.lines.prefix(1500).map { line in
      Array(line.utf8).withUnsafeBufferPointer { Self.book.evaluateLine($0, lineNumber: 1).ok }
    }
    #expect(outcomes.filter { $0 }.count > 400)
    #expect(outcomes.filter { !$0 }.count > 250)
  }

  @Test func singleTracedLineAndBatchAgree() throws {
    let sets = Self.optionSets
    var disagreements: [String] = []
    for (s, options) in sets.enumerated() {
      // The default options see every line (the slower single and traced paths, some); each
      // other set a rotating slice of them, on every path.
      let chosen: [(number: Int, text: String)] = Self.lines.enumerated().compactMap { (i, line) in
        s == 0 || i % (sets.count - 1) == s - 1 ? (i + 1, line) : nil
      }
      var expected: [String] = []
      for (number, text) in chosen {
        let line = Self.line(text, number: number, options: options)
        if s != 0 || number % 6 == 0 {
          let single = Self.single(text, number: number, options: options)
          if single != line { disagreements.append("line \(number) \(options): single \(single) ≠ line \(line)\n  \(text)") }
        }
        if s != 0 || number % 10 == 0 {
          let traced = Self.traced(text, number: number, options: options)
          if traced != line { disagreements.append("line \(number) \(options): traced \(traced) ≠ line \(line)\n  \(text)") }
        }
        expected.append(line)
        if disagreements.count > 5 { break }
      }
      for threads in [1, 3] {
        let batch = try Self.batch(chosen, options: options, threads: threads)
        if batch != expected {
          let first = zip(batch, expected).enumerated().first { $0.element.0 != $0.element.1 }
          disagreements.append(
            "batch on \(threads) threads \(options): \(batch.count) lines for \(expected.count); first difference at "
              + "\(first.map { "line \(chosen[$0.offset].number): \($0.element.0) ≠ \($0.element.1)" } ?? "the end")")
        }
      }
      if disagreements.count > 5 { break }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(6).joined(separator: "\n"))")
  }

  @Test func tracedBatchLinesAreTracedDecisions() throws {
    // A traced batch reuses its working state from line to line: every line must still be the
    // complete traced decision (trace and whyNot included) of a fresh single evaluation.
    let chosen: [(number: Int, text: String)] = Self.lines.enumerated().compactMap { (i, line) in
      i % 4 == 0 ? (i + 1, line) : nil
    }
    var expected: [String] = []
    for (number, text) in chosen {
      do throws(VisaRulesError) {
        let app = try Application(json: text)
        expected.append(try Self.book.evaluate(app, options: EvaluationOptions(trace: true, alternatives: false)).json())
      } catch {
        expected.append(Self.tracedLine(text, number: number))
      }
    }
    for threads in [1, 3] {
      let batch = try Self.batch(chosen, options: [:], threads: threads, trace: true)
      #expect(batch.count == expected.count)
      let first = zip(batch, expected).enumerated().first { $0.element.0 != $0.element.1 }
      #expect(first == nil, "line \(first.map { chosen[$0.offset].number } ?? 0): \(first?.element.0 ?? "") ≠ \(first?.element.1 ?? "")")
    }
  }

  /// One traced JSON Lines line (for the error objects).
  static func tracedLine(_ text: String, number: Int) -> String {
    let output = Array(text.utf8).withUnsafeBufferPointer {
      book.evaluateLine($0, lineNumber: number, options: EvaluationOptions(trace: true, alternatives: false))
    }
    return String(decoding: output.output, as: UTF8.self)
  }

  // MARK: - The paths

  /// The single path: decode, evaluate, the decision's JSON; an error as the batch words it.
  static func single(_ text: String, number: Int, options: [String: String]) -> String {
    do throws(VisaRulesError) {
      let app = try Application(json: text)
      let decision = try book.evaluate(app, options: EvaluationOptions(options: options, trace: false, alternatives: false))
      return decision.json()
    } catch {
      return errorLine(error, number: number, text: text, options: options)
    }
  }

  /// The traced path, with the trace (and its `whyNot`) taken out: they stand between
  /// `assumptions` and the last member, `provenance`.
  static func traced(_ text: String, number: Int, options: [String: String]) -> String {
    do throws(VisaRulesError) {
      let app = try Application(json: text)
      let decision = try book.evaluate(app, options: EvaluationOptions(options: options, trace: true, alternatives: false))
      let json = decision.json()
      guard let r = json.range(of: ",\"trace\":[", options: .backwards),
        let p = json.range(of: ",\"provenance\":{", options: .backwards), r.upperBound < p.lowerBound
      else { return "no trace or provenance in \(json)" }
      return json[..<r.lowerBound] + ",\"trace\":[]" + json[p.lowerBound...]
    } catch {
      return errorLine(error, number: number, text: text, options: options)
    }
  }

  /// The error object of a batch line: `{"line":N,"id":…,"error":{…}}`, checked piece by piece
  /// against the batch's own line (the `id` is whatever the reader read before the error).
  static func errorLine(_ error: VisaRulesError, number: Int, text: String, options: [String: String]) -> String {
    let batch = line(text, number: number, options: options)
    let head = "{\"line\":\(number),"
    let tail = "\"error\":\(error.json)}"
    guard batch.hasPrefix(head), batch.hasSuffix(tail) else { return head + "…" + tail }
    return batch
  }

  /// One JSON Lines line.
  static func line(_ text: String, number: Int, options: [String: String]) -> String {
    let output = Array(text.utf8).withUnsafeBufferPointer {
      book.evaluateLine($0, lineNumber: number, options: EvaluationOptions(options: options, trace: false, alternatives: false))
    }
    return String(decoding: output.output, as: UTF8.self)
  }

  /// A batch over the lines given, numbered as in the file (blank lines fill the gaps, and the
  /// batch skips them); CRLF line ends on every other line, no newline after the last.
  static func batch(
    _ lines: [(number: Int, text: String)], options: [String: String], threads: Int, trace: Bool = false
  ) throws -> [String] {
    var input = ""
    var next = 1
    for (k, (number, text)) in lines.enumerated() {
      while next < number {
        input += next % 3 == 0 ? " \r\n" : "\n"
        next += 1
      }
      input += text
      if k < lines.count - 1 { input += number % 2 == 0 ? "\r\n" : "\n" }
      next += 1
    }
    let dir = FileManager.default.temporaryDirectory
    let inURL = dir.appendingPathComponent("agreement-in-\(UUID().uuidString).jsonl")
    let outURL = dir.appendingPathComponent("agreement-out-\(UUID().uuidString).jsonl")
    defer {
      try? FileManager.default.removeItem(at: inURL)
      try? FileManager.default.removeItem(at: outURL)
    }
    try Data(input.utf8).write(to: inURL)
    let inFD = open(inURL.path, O_RDONLY)
    let outFD = open(outURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    defer {
      close(inFD)
      close(outFD)
    }
    let summary = try book.evaluateJSONLines(
      input: inFD, output: outFD, options: EvaluationOptions(options: options, trace: trace, alternatives: false), threads: threads)
    #expect(summary.decisions + summary.errors == lines.count)
    let output = try String(contentsOf: outURL, encoding: .utf8)
    return output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
  }

  // MARK: - Inputs

  /// Adds the optional parts the generators seldom write: a host, a fast-track scheme, an
  /// extension ground, a visa with stays.
  static func withExtras(_ line: String, _ rng: inout SplitMix) -> String {
    guard var object = parse(line) else { return line }
    var applicant = object["applicant"] as? [String: Any] ?? [:]
    if rng.next() % 2 == 0 {
      var host: [String: Any] = [
        "relationship": pick(["spouse", "child", "parent", "grandparent", "registeredPartner", "grandchild", "other"], &rng),
        "nationality": pick(["NL", "DE", "RU", "US"], &rng),
      ]
      if rng.next() % 2 == 0 { host["residence"] = pick(["NL", "FR", "TR"], &rng) }
      if rng.next() % 3 == 0 { host["residenceUntil"] = "2030-01-01" }
      if rng.next() % 3 == 0 { host["dependent"] = rng.next() % 2 == 0 }
      applicant["host"] = host
    }
    if rng.next() % 4 == 0 { applicant["termOfOfficeUntil"] = "2026-06-30" }
    object["applicant"] = applicant
    if rng.next() % 3 == 0 {
      var fastTrack: [String: Any] = ["scheme": pick(["orangeCarpet", "blueCarpet"], &rng)]
      if rng.next() % 2 == 0 { fastTrack["registeredSince"] = "2015-03-01" }
      object["fastTrack"] = fastTrack
    }
    if rng.next() % 3 == 0 { object["extensionGround"] = pick(["forceMajeure", "humanitarian", "seriousPersonalReasons"], &rng) }
    if rng.next() % 3 == 0, let lodging = object["lodgingDate"] as? String, let day = LocalDate(iso: lodging) {
      var history = object["visaHistory"] as? [[String: Any]] ?? []
      let from = day.adding(months: -14)
      history.append([
        "validFrom": from.description, "validUntil": from.adding(months: 12).description, "entries": "multiple",
        "stays": [
          ["entry": from.adding(days: 10).description, "exit": from.adding(days: 20).description],
          [
            "entry": from.adding(days: 100).description, "exit": from.adding(days: 100 + Int(rng.next() % 120)).description,
            "exempt": rng.next() % 5 == 0,
          ],
        ],
      ])
      object["visaHistory"] = history
    }
    return serialize(object) ?? line
  }

  /// One mutation of a line, chosen at random.
  static func mutate(_ line: String, _ rng: inout SplitMix) -> String {
    let kind = Int(rng.next() % 14)
    switch kind {
    case 0: return String(line.prefix(Int(rng.next() % UInt64(max(1, line.count)))))  // truncated
    case 1: return line.replacingOccurrences(of: "\"RU\"", with: "\"\\u0052U\"")  // an escape, same value
    case 2:
      // A duplicate key, first or last.
      return rng.next() % 2 == 0
        ? "{\"lodgingDate\": \"2021-01-01\", " + line.dropFirst() : String(line.dropLast()) + ", \"trip\": {}}"
    case 3: return " \t" + line.replacingOccurrences(of: ":", with: " : ") + "  "
    default: break
    }
    guard var object = parse(line) else { return line + "}" }
    var paths = leafPaths(object)
    if paths.isEmpty { paths = [["lodgingDate"]] }
    let path = paths[Int(rng.next() % UInt64(paths.count))]
    let replacement: Any?
    switch kind {
    case 4: replacement = nil  // dropped
    case 5: replacement = pick([NSNumber(value: 5), NSNumber(value: 1.5), [1, 2] as [Any], NSNull(), ["a": 1], true], &rng)
    case 6: replacement = pick(["2023-02-30", "2021-13-01", "2021-3-15", "15.03.2021", "2021-02-29", "0000-01-01", ""], &rng)
    case 7: replacement = pick(["XX", "ru", "Russia", "GB", "US", "XK", "AQ", "R"], &rng)
    case 8: replacement = pick(["astronaut", "ordinary ", "", "multiple", "Tourism", "spouse"], &rng)
    case 9:
      // An unknown field beside the leaf.
      var parent = Array(path.dropLast())
      parent.append("unexpectedField")
      object = set(object, parent, "x") as? [String: Any] ?? object
      return serialize(object) ?? line
    case 10: replacement = pick(["1850-01-01", "2100-12-31", "2010-04-04", "2010-04-05", "2020-02-01", "2020-02-02"], &rng)
    case 11: replacement = pick(["2025-11-06", "2025-11-07", "2022-09-11", "2022-09-12", "2024-06-10", "2024-06-11"], &rng)
    case 12: replacement = pick(["Z" as Any, NSNumber(value: 0), "-1", "A-\u{e9}\u{1F600}\"\\"], &rng)
    default: replacement = pick(["NL", "FR", "DE", "ES", "IT", "BG", "RO", "HR", "CY", "IE", "LI", "CH"], &rng)
    }
    object = set(object, path, replacement) as? [String: Any] ?? object
    return serialize(object) ?? line
  }

  static func parse(_ line: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
  }

  static func serialize(_ object: [String: Any]) -> String? {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  /// Every path to a value (object keys and array indices as strings), leaves and inner nodes.
  static func leafPaths(_ value: Any, _ prefix: [String] = []) -> [[String]] {
    var out: [[String]] = prefix.isEmpty ? [] : [prefix]
    if let o = value as? [String: Any] {
      for (k, v) in o.sorted(by: { $0.key < $1.key }) { out += leafPaths(v, prefix + [k]) }
    } else if let a = value as? [Any] {
      for (i, v) in a.enumerated() { out += leafPaths(v, prefix + ["\(i)"]) }
    }
    return out
  }

  /// The value with `path` set to `replacement` (removed when nil).
  static func set(_ value: Any, _ path: [String], _ replacement: Any?) -> Any? {
    guard let head = path.first else { return replacement }
    if var o = value as? [String: Any] {
      o[head] = set(o[head] ?? [String: Any](), Array(path.dropFirst()), replacement)
      return o
    }
    if var a = value as? [Any], let i = Int(head), i < a.count {
      if let v = set(a[i], Array(path.dropFirst()), replacement) { a[i] = v } else { a.remove(at: i) }
      return a
    }
    return value
  }

  static func pick<T>(_ list: [T], _ rng: inout SplitMix) -> T { list[Int(rng.next() % UInt64(list.count))] }
}

/// A small deterministic generator for the mutations.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
