import Foundation
import Testing
import VisaRules

/// A selection of blocks (``DecisionFields``): a JSON Lines line asked for some blocks decides
/// only what they need, yet each block it writes is byte for byte the block of the full
/// decision, and an input rejected in full is rejected the same way.
struct DecisionFieldsTests {
  static let book = PathAgreementTests.book

  /// Selections a caller would ask for, and random ones.
  static let selections: [DecisionFields] = {
    var out: [DecisionFields] = [
      [.fee, .validity], [.fee], [.validity], [.eligibility], [.lodging], [.decision], [.serviceFeeCap],
      [.fastTrack], [.extension], [.instruments], [.provenance], [.fee, .validity, .eligibility, .lodging],
      [.warnings], [.assumptions], [],
    ]
    var rng = SplitMix(seed: 77)
    for _ in 0..<12 { out.append(DecisionFields(rawValue: UInt16(truncatingIfNeeded: rng.next()) & DecisionFields.all.rawValue)) }
    return out
  }()

  @Test func everySelectedBlockIsTheFullDecisionsBlock() {
    var disagreements: [String] = []
    var decisions = 0
    for (i, text) in PathAgreementTests.lines.enumerated() {
      let full: Decision?
      do throws(VisaRulesError) {
        full = try Self.book.evaluate(Application(json: text), options: .batch)
        decisions += 1
      } catch {
        full = nil
      }
      // Each line under one selection of the list in turn, and each block alone.
      let alone = DecisionFields.names[i % DecisionFields.names.count].field
      for fields in [Self.selections[i % Self.selections.count], alone] {
        let options = EvaluationOptions(alternatives: false, fields: fields)
        let line = Array(text.utf8).withUnsafeBufferPointer {
          Self.book.evaluateLine($0, lineNumber: i + 1, options: options)
        }
        let got = String(decoding: line.output, as: UTF8.self)
        // Rejected in full, rejected the same way with any selection.
        let expected = full?.json(fields: fields) ?? PathAgreementTests.line(text, number: i + 1, options: [:])
        if got != expected { disagreements.append("line \(i + 1) \(fields): \(got) ≠ \(expected)\n  \(text)") }
      }
      if disagreements.count > 4 { break }
    }
    #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
    #expect(decisions > 500)
  }

  @Test func aSelectionWritesOnlyItsBlocks() throws {
    let text = PathAgreementTests.lines.first { line in
      (try? Self.book.evaluate(Application(json: line), options: .batch)) != nil
    }!
    let line = Array(text.utf8).withUnsafeBufferPointer {
      Self.book.evaluateLine($0, lineNumber: 1, options: EvaluationOptions(alternatives: false, fields: [.fee, .validity]))
    }
    let object = try JSONSerialization.jsonObject(with: Data(line.output)) as! [String: Any]
    let keys = Set(object.keys).subtracting(["id"])
    #expect(keys == ["schemaVersion", "lodgingDate", "fee", "validity"])
  }

  @Test func blocksAreParsedByTheirKeysWithASuggestion() throws {
    #expect(try DecisionFields(parsing: "fee,validity") == [.fee, .validity])
    #expect(try DecisionFields(parsing: " warnings , provenance") == [.warnings, .provenance])
    #expect(DecisionFields.names.reduce(DecisionFields()) { $0.union($1.field) } == DecisionFields.all)
    do {
      _ = try DecisionFields(parsing: "fee,valdity")
      Issue.record("an unknown block was accepted")
    } catch {
      #expect(error.kind == .unknownValue && error.field == "fields" && error.value == "valdity")
      #expect(error.message.contains("did you mean validity?"))
      #expect(error.allowed?.contains("eligibility") == true)
    }
  }
}
