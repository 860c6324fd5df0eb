import Foundation
import Testing
import VisaRules

/// A selection of members within blocks (``DecisionMembers``): a block named with members holds
/// exactly those members of the full decision's block, with their values, in the contract's
/// order; every other block is untouched; the batch line and `Decision.json` agree byte for
/// byte; and the member list (``DecisionMembers/known``) is what the encoder writes.
struct DecisionMembersTests {
  static let book = PathAgreementTests.book

  /// Member selections a caller would ask for, and random ones.
  static let selections: [String] = {
    var out = [
      "fee.amount,validity.entries,validity.maxMonths,validity.until", "fee.waiver,validity",
      "validity.discretionary,eligibility.documents,eligibility.visaRequired", "decision.deadline,lodging.withinWindow",
      "fastTrack.benefits,fastTrack.applies,extension.fee,serviceFeeCap.currency", "fee,fee.amount,warnings",
    ]
    var rng = SplitMix(seed: 91)
    for _ in 0..<10 {
      var parts: [String] = []
      for (block, members) in DecisionMembers.known where rng.next() % 3 == 0 {
        let kept = members.filter { _ in rng.next() % 2 == 0 }
        parts += kept.isEmpty ? [block] : kept.map { block + "." + $0 }
      }
      out.append(parts.isEmpty ? "fee.status" : parts.joined(separator: ","))
    }
    return out
  }()

  /// Whether two parsed JSON values are equal (compared in a canonical form).
  static func same(_ a: Any?, _ b: Any?) -> Bool {
    func canonical(_ v: Any?) -> Data? { try? JSONSerialization.data(withJSONObject: [v ?? NSNull()], options: .sortedKeys) }
    return canonical(a) != nil && canonical(a) == canonical(b)
  }

  static func object(_ bytes: [UInt8]) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
  }

  @Test func aProjectedBlockHoldsTheFullBlocksMembersInOrder() throws {
    var problems: [String] = []
    var projected = 0
    for (i, text) in PathAgreementTests.lines.enumerated() {
      guard let app = try? Application(json: text), let full = try? Self.book.evaluate(app, options: .batch) else {
        continue
      }
      let list = Self.selections[i % Self.selections.count]
      let (fields, members) = try DecisionFields.selection(parsing: list)
      let options = EvaluationOptions(alternatives: false, fields: fields, members: members)
      let line = Array(text.utf8).withUnsafeBufferPointer { Self.book.evaluateLine($0, lineNumber: i + 1, options: options) }
      // The batch writer and the decision's writer agree.
      let viaDecision = full.json(fields: fields, members: members)
      if String(decoding: line.output, as: UTF8.self) != viaDecision {
        problems.append("line \(i + 1) [\(list)]: batch \(String(decoding: line.output, as: UTF8.self)) ≠ \(viaDecision)")
      }
      let got = Self.object(line.output)
      let whole = Self.object(Array(full.json(fields: fields).utf8))
      #expect(Set(got.keys) == Set(whole.keys), "line \(i + 1): the blocks differ")
      for (key, value) in whole {
        guard let kept = members.selected[key], let block = value as? [String: Any] else {
          // Not projected (or null): the full block, unchanged.
          if !Self.same(got[key], value) { problems.append("line \(i + 1): \(key) changed") }
          continue
        }
        projected += 1
        let mine = got[key] as? [String: Any] ?? [:]
        if Set(mine.keys) != kept.intersection(block.keys) { problems.append("line \(i + 1): \(key) holds \(mine.keys)") }
        for (member, v) in mine where !Self.same(block[member], v) {
          problems.append("line \(i + 1): \(key).\(member) differs")
        }
        // In the contract's order: the members kept appear as in the full block.
        let order = DecisionMembers.known.first { $0.block == key }!.members.filter { mine.keys.contains($0) }
        let textLine = String(decoding: line.output, as: UTF8.self)
        let positions = order.compactMap { m in
          textLine.range(of: "\"\(m)\":", range: textLine.range(of: "\"\(key)\":")!.upperBound..<textLine.endIndex)?.lowerBound
        }
        if positions != positions.sorted() { problems.append("line \(i + 1): \(key) out of order") }
      }
      if problems.count > 4 { break }
    }
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    #expect(projected > 300)
  }

  @Test func knownMembersAreWhatTheEncoderWrites() {
    var seen: [String: Set<String>] = [:]
    for text in PathAgreementTests.lines {
      guard let app = try? Application(json: text), let full = try? Self.book.evaluate(app, options: .batch) else {
        continue
      }
      for (key, value) in Self.object(Array(full.json().utf8)) {
        if let block = value as? [String: Any] { seen[key, default: []].formUnion(block.keys) }
      }
    }
    for (block, members) in DecisionMembers.known {
      #expect(seen[block] == Set(members), "\(block): the encoder writes \(seen[block] ?? []), the list says \(members)")
    }
    // Every object-valued block but provenance (written whole) has its list.
    #expect(Set(seen.keys).subtracting(DecisionMembers.known.map(\.block)) == ["provenance"])
  }

  /// Each member alone, in every block: the block holds that member and no other (the sink tells
  /// every key of the contract from the others).
  @Test func eachMemberAloneIsKeptAlone() throws {
    for (block, members) in DecisionMembers.known {
      // A line whose decision writes the block as an object.
      guard
        let (number, text) = PathAgreementTests.lines.enumerated().first(where: { _, text in
          guard let app = try? Application(json: text), let full = try? Self.book.evaluate(app, options: .batch) else {
            return false
          }
          return Self.object(Array(full.json().utf8))[block] is [String: Any]
        })
      else {
        Issue.record("no generated line writes \(block) as an object")
        continue
      }
      for member in members {
        let (fields, kept) = try DecisionFields.selection(parsing: block + "." + member)
        let options = EvaluationOptions(alternatives: false, fields: fields, members: kept)
        let line = Array(text.utf8).withUnsafeBufferPointer { Self.book.evaluateLine($0, lineNumber: number + 1, options: options) }
        let written = Self.object(line.output)[block] as? [String: Any]
        #expect(written.map { Array($0.keys) } == [member], "\(block).\(member): \(String(decoding: line.output, as: UTF8.self))")
      }
    }
  }

  @Test func membersAreParsedWithASuggestion() throws {
    let (fields, members) = try DecisionFields.selection(parsing: "fee.amount, validity.entries,validity.until,warnings")
    #expect(fields == [.fee, .validity, .warnings])
    #expect(members.selected == ["fee": ["amount"], "validity": ["entries", "until"]])
    // A block named whole stays whole.
    let whole = try DecisionFields.selection(parsing: "fee.amount,fee")
    #expect(whole.fields == [.fee] && whole.members.isAll)
    #expect(try DecisionFields.selection(parsing: "fee,validity").members == .all)
    do {
      _ = try DecisionFields.selection(parsing: "fee.amout")
      Issue.record("an unknown member was accepted")
    } catch {
      #expect(error.kind == .unknownValue && error.field == "fields" && error.value == "fee.amout")
      #expect(error.message.contains("did you mean amount?"))
      #expect(error.allowed?.contains("fee.currency") == true)
    }
    do {
      _ = try DecisionFields.selection(parsing: "warnings.first")
      Issue.record("a member of a list was accepted")
    } catch {
      #expect(error.kind == .unknownValue && error.value == "warnings.first")
      #expect(error.message.contains("no members"))
    }
    do {
      _ = try DecisionFields.selection(parsing: "fe.amount")
      Issue.record("an unknown block was accepted")
    } catch {
      #expect(error.kind == .unknownValue && error.value == "fe")
    }
  }
}
