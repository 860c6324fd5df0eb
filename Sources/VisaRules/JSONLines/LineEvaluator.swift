/// Evaluates lines with one set of options, reusing its working state from line to line.
///
/// Every line is decoded by the contract's one reader (``Application/init(jsonBytes:)``), then
/// checked and evaluated in the order ``RuleBook/evaluate(_:options:)`` follows, so a line gives
/// the same decision or the same error as a single evaluation. Without alternatives, and with
/// options the rule book knows, the evaluation reuses one working state and writes the decision
/// from precomputed fragments (``Evaluator/writeJSON(_:_:_:id:provenance:fields:members:into:)``;
/// a trace's entries from their written fixed parts, ``TraceFragments``); otherwise it goes through
/// ``RuleBook/evaluate(_:options:)`` and the decision's JSON.
struct LineEvaluator {
  let book: RuleBook
  let options: EvaluationOptions
  /// For the direct path (see above): the options checked once and the decision's precomputed
  /// fragments; nil when every line goes through ``RuleBook/evaluate(_:options:)``.
  let directPath: (chosen: Evaluator.ChosenOptions, fragments: JSONFragments)?
  var run: Evaluator.Run
  /// The book's provenance as JSON, copied into every decision (``RuleBook/provenanceFragment``).
  let provenance: UnsafeBufferPointer<UInt8>
  var general = JSONWriter(capacity: 4096)
  /// The strings of the lines read so far (``StringCache``), kept from line to line.
  var strings = StringCache()
  /// The application of the line being evaluated, decoded in place line after line (its arrays'
  /// storage kept): no application made and destroyed per line.
  var app = Application.blank

  /// `direct: false` evaluates every line through ``RuleBook/evaluate(_:options:)`` (for a
  /// handful of lines, where building the date segments and JSON fragments would cost more
  /// than it saves).
  init(book: RuleBook, options: EvaluationOptions, direct: Bool = true) {
    self.book = book
    provenance = book.provenanceFragment.bytes
    run = Evaluator.Run(book.evaluator)
    self.options = options
    if direct && !options.alternatives, let chosen = try? book.evaluator.choose(options.options) {
      directPath = (chosen, book.evaluator.tables.fragments(book.compiled))
    } else {
      directPath = nil
    }
  }

  func free() {}

  /// Appends the output line for `line` (without the newline) to `out`; returns whether it is
  /// a decision.
  mutating func evaluate(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, into out: inout ByteBuffer) -> Bool {
    general.bytes.removeAll(keepingCapacity: true)
    general.resetState()
    do throws(VisaRulesError) {
      try Application.decode(line, into: &app, strings: &strings)
      if case let (chosen, batch)? = directPath {
        let evaluator = book.evaluator
        try evaluator.start(app, chosen, trace: options.trace, in: &run)
        let fields = options.fields
        let verdict = try evaluator.verdict(&run, for: fields)
        if var id = app.id {
          id.withUTF8 {
            evaluator.writeJSON(verdict, &run, batch, id: $0, provenance: provenance, fields: fields, members: options.members, into: &out)
          }
        } else {
          evaluator.writeJSON(verdict, &run, batch, id: nil, provenance: provenance, fields: fields, members: options.members, into: &out)
        }
        return true
      }
      let decision = try book.evaluate(app, options: options)
      decision.write(to: &general, fields: options.fields, members: options.members)
      out.append(general.bytes)
      return true
    } catch {
      RuleBook.writeError(error, line: lineNumber, id: error.kind == .malformedJSON ? nil : app.id, to: &general)
      out.append(general.bytes)
      return false
    }
  }
}

/// A line evaluator kept with a block between uses.
final class LineEvaluatorBox {
  var evaluator: LineEvaluator

  init(book: RuleBook, options: EvaluationOptions, direct: Bool) {
    evaluator = LineEvaluator(book: book, options: options, direct: direct)
  }
}

extension VisaRulesError {
  /// The error as a JSON object: `{"kind":…,"field":…,"value":…,"message":…,"allowed":…}`.
  public var json: String {
    var w = JSONWriter()
    write(to: &w)
    return w.text
  }

  func write(to w: inout JSONWriter) {
    w.beginObject()
    w.key("kind")
    w.string(kind.rawValue)
    w.key("field")
    w.string(field)
    w.key("value")
    w.string(value)
    w.key("message")
    w.string(message)
    w.key("allowed")
    w.string(allowed)
    if let location {
      w.key("location")
      w.string(location.description)
    }
    w.endObject()
  }
}
