/// One worker's state for a comparison: a working state for each rule book, reused from line
/// to line, and the options checked once for each.
final class ComparisonWorker {
  let base: RuleBook
  let reform: RuleBook
  let options: EvaluationOptions
  private let baseChosen: Evaluator.ChosenOptions?
  private let reformChosen: Evaluator.ChosenOptions?
  private var baseRun: Evaluator.Run
  private var reformRun: Evaluator.Run

  init(base: RuleBook, reform: RuleBook, options: EvaluationOptions) {
    self.base = base
    self.reform = reform
    self.options = options
    baseChosen = try? base.evaluator.choose(options.options)
    reformChosen = try? reform.evaluator.choose(options.options)
    baseRun = Evaluator.Run(base.evaluator)
    reformRun = Evaluator.Run(reform.evaluator)
  }

  /// Decodes a line once and records its outcomes under both rule books.
  func compare(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, into part: inout PolicyComparison, examples: Int) {
    var app = Application.blank
    do throws(VisaRulesError) {
      try Application.decode(line, into: &app)
    } catch {
      part.base.errors += 1
      part.reform.errors += 1
      return
    }
    guard let baseChosen, let reformChosen else {
      base.record(app, lineNumber: lineNumber, with: reform, options: options, into: &part, examples: examples)
      return
    }
    guard let a = Self.decide(app, base, baseChosen, &baseRun), let b = Self.decide(app, reform, reformChosen, &reformRun) else {
      part.base.errors += 1
      part.reform.errors += 1
      return
    }
    part.record(app, lineNumber: lineNumber, base: a, reform: b, examples: examples)
  }

  /// The decision ``RuleBook/evaluate(_:options:)`` gives, without the alternatives (which a
  /// comparison does not read), in a reused working state; nil on an error.
  ///
  /// Every block is decided although the outcome reads only the fee, validity, decision days
  /// and eligibility: a rule book (a reform) whose provisions conflict in another figure makes
  /// `evaluate` reject the application, and the comparison must count it as the error it is,
  /// not report figures no decision would give.
  private static func decide(
    _ app: Application, _ book: RuleBook, _ chosen: Evaluator.ChosenOptions, _ run: inout Evaluator.Run
  ) -> PolicyOutcome? {
    let evaluator = book.evaluator
    do throws(VisaRulesError) {
      try evaluator.start(app, chosen, trace: false, in: &run)
      return PolicyOutcome(try evaluator.verdict(&run), evaluator)
    } catch {
      return nil
    }
  }
}
