extension RuleBook {
  /// Evaluates every application of a JSON Lines input under this rule book and under
  /// `reform`, streaming and on every core, and reports the totals under both and every change.
  /// A line that cannot be evaluated under either is counted as an error and skipped; blank
  /// lines are skipped (the input is read as ``evaluateJSONLines(input:output:options:threads:)``
  /// reads it, and each line decoded once and evaluated as that batch evaluates it).
  ///
  /// `progress`, if given, is called after each block of lines, in input order, with the lines
  /// and bytes read so far.
  public func compare(
    with reform: RuleBook, input: Int32, options: EvaluationOptions = .batch, threads: Int? = nil, examples: Int = 20,
    progress: ((_ lines: Int, _ bytes: Int) -> Void)? = nil
  ) throws(VisaRulesError) -> PolicyComparison {
    try compare(with: reform, options: options, threads: threads, examples: examples, progress: progress) {
      (take, stop, submit) throws(VisaRulesError) in
      try JSONLines.read(fd: input, take: take, stop: stop, submit: submit)
    }
  }

  /// Compares the applications of a generated ``Population`` (as if its lines were read from a
  /// file written by `visa population`), generating them block by block on the way.
  public func compare(
    with reform: RuleBook, population: Population, options: EvaluationOptions = .batch, threads: Int? = nil,
    examples: Int = 20
  ) throws(VisaRulesError) -> PolicyComparison {
    try compare(with: reform, options: options, threads: threads, examples: examples, progress: nil) {
      (take, stop, submit) throws(VisaRulesError) in
      var next = 0
      repeat {
        let block = take()
        let first = next
        next = population.fill(block, from: first, bytes: JSONLines.blockSize)
        try submit(block, first == 0 && next == population.count)
      } while next < population.count && !stop()
    }
  }

  private func compare(
    with reform: RuleBook, options: EvaluationOptions, threads: Int?, examples: Int,
    progress: ((_ lines: Int, _ bytes: Int) -> Void)?,
    feed: (
      _ take: () -> LineBlock, _ stop: () -> Bool, _ submit: (LineBlock, Bool) throws(VisaRulesError) -> Void
    ) throws(VisaRulesError) -> Void
  ) throws(VisaRulesError) -> PolicyComparison {
    let workers = max(1, threads ?? RuleBook.coreCount())
    let base = self
    nonisolated(unsafe) var result = PolicyComparison()
    nonisolated(unsafe) var lines = 0
    nonisolated(unsafe) var bytes = 0
    let pipeline = BlockPipeline(
      workers: workers,
      work: { block, state in
        let pair = state as? ComparisonWorker ?? ComparisonWorker(base: base, reform: reform, options: options)
        var part = PolicyComparison()
        JSONLines.forEachLine(in: block) { line, lineNumber in
          pair.compare(line, lineNumber: lineNumber, into: &part, examples: examples)
        }
        state = pair
        block.result = part
      },
      deliver: { block in
        if let part = block.result as? PolicyComparison { result.merge(part, keepExamples: examples) }
        block.result = nil
        lines += block.lines
        bytes += block.count
        progress?(lines, bytes)
      })
    do throws(VisaRulesError) {
      try feed(pipeline.takeBlock, { pipeline.failed }) { (block, only) throws(VisaRulesError) in
        if only { pipeline.run(block) } else { pipeline.submit(block) }
      }
    } catch {
      pipeline.finish()
      throw error
    }
    pipeline.finish()
    if let error = pipeline.error { throw error }
    return result
  }

  /// Compares applications given in Swift (see ``compare(with:input:options:threads:examples:progress:)``).
  public func compare(with reform: RuleBook, applications: [Application], options: EvaluationOptions = .batch, examples: Int = 20)
    -> PolicyComparison
  {
    var result = PolicyComparison()
    for (i, app) in applications.enumerated() {
      record(app, lineNumber: i + 1, with: reform, options: options, into: &result, examples: examples)
    }
    return result
  }

  func record(
    _ app: Application, lineNumber: Int, with reform: RuleBook, options: EvaluationOptions, into part: inout PolicyComparison, examples: Int
  ) {
    // As ``evaluate(_:options:)`` decides (its checks, then one evaluation; alternatives change
    // none of the figures compared), read from the verdict as the workers read it.
    func outcome(_ book: RuleBook) -> PolicyOutcome? {
      do throws(VisaRulesError) {
        try book.evaluator.checkCoverage(app)
        try app.validate()
        var run = try book.evaluator.prepare(app, userOptions: options.options, trace: false)
        return PolicyOutcome(try book.evaluator.verdict(&run), book.evaluator)
      } catch {
        return nil
      }
    }
    guard let a = outcome(self), let b = outcome(reform) else {
      part.base.errors += 1
      part.reform.errors += 1
      return
    }
    part.record(app, lineNumber: lineNumber, base: a, reform: b, examples: examples)
  }
}
