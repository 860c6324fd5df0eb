import Foundation
import Testing
import VisaRules

/// The JSON Lines batch path in process (the command-line tests run it in a subprocess, out of
/// the sanitizers' sight): several threads, input through a pipe fed in small pieces, output
/// to a file, compared line by line with a sequential evaluation. `Scripts/sanitizers.sh` runs
/// it under ThreadSanitizer.
struct BatchTests {
  /// Generated applications (valid ones, and some broken on purpose), one per line.
  static func lines(_ count: Int) -> [String] {
    var gen = Generator(seed: 7, stream: 99)
    var out: [String] = []
    for i in 0..<count {
      let (app, _) = gen.application()
      switch i % 50 {
      case 7: out.append("")
      case 13: out.append("not json")
      case 29: out.append(contractJSON(app).replacingOccurrences(of: "\"lodgingDate\"", with: "\"lodgingdate\""))
      default: out.append(contractJSON(app))
      }
    }
    return out
  }

  @Test(arguments: [1, 2, 3])
  func evaluateJSONLinesOnThreadsMatchesOneLineAtATime(threads: Int) throws {
    let book = try RuleBook.builtIn()
    // Enough lines for more than one 1 MiB read block, so lines straddle reads.
    let lines = Self.lines(threads == 2 ? 3000 : 400)
    let input = Array((lines.joined(separator: "\n") + "\n").utf8)

    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    let (readEnd, writeEnd) = (fds[0], fds[1])
    let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString).jsonl")
    defer { try? FileManager.default.removeItem(at: outputURL) }
    let output = open(outputURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    #expect(output >= 0)

    // Feed the pipe from another thread, in pieces of odd sizes.
    let feeder = Thread {
      var offset = 0
      var piece = 1
      while offset < input.count {
        let n = min(piece, input.count - offset)
        let written = input.withUnsafeBytes { write(writeEnd, $0.baseAddress! + offset, n) }
        if written < 0 { break }
        offset += written
        piece = piece * 7 % 65_521 + 1
      }
      close(writeEnd)
    }
    feeder.start()
    let summary = try book.evaluateJSONLines(input: readEnd, output: output, threads: threads)
    close(readEnd)
    close(output)

    let produced = try String(contentsOf: outputURL, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    // Blank lines are skipped (no output line), and the numbers of the others are the file's.
    let kept = lines.enumerated().filter { !$0.element.isEmpty }
    #expect(summary.lines == lines.count)
    #expect(produced.count == kept.count)
    var decisions = 0
    for (k, (i, line)) in kept.enumerated() where k < produced.count {
      let expected = Array(line.utf8).withUnsafeBufferPointer { book.evaluateLine($0, lineNumber: i + 1) }
      if expected.ok { decisions += 1 }
      #expect(String(produced[k]) == String(decoding: expected.output, as: UTF8.self), "line \(i + 1)")
    }
    #expect(summary.decisions == decisions)
    #expect(summary.errors == kept.count - decisions)
    #expect(summary.errors >= lines.count / 50 * 2)
  }
}
