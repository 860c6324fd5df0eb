import Foundation
import SnapshotFormat
import Testing
import VisaRules

/// The snapshot: the built-in rules compiled ahead of time, which ``RuleBook/builtIn()`` reads
/// instead of compiling the JSON of `Rules/`. It must be current (else every start compiles the
/// JSON), and a book read from a snapshot must be the very book its JSON compiles to: the same
/// compiled fields, the same snapshot bytes, the same decisions (with trace) on generated
/// applications, for the built-in rules and for other rule sets (overlays, reforms, fixtures,
/// mutated copies). A damaged, truncated, foreign or stale snapshot is refused with a clear
/// error, and the built-in book then compiles the JSON.
struct SnapshotTests {
  static let builtInSources = RuleBook.builtInSources

  @Test func theBuiltInSnapshotIsCurrent() {
    // Fails after an edit of Rules/ (or of the loader, or of the snapshot format) that did not
    // regenerate the snapshot; the message says what to run.
    let problem = RuleBook.builtInSnapshotProblem()
    #expect(problem == nil, "\(problem ?? ""). Run Scripts/update-snapshot.sh and commit the snapshot.")
    #expect(problem != nil || RuleBook.builtInLoadedFromSnapshot, "a current snapshot is not what builtIn() loaded")
  }

  @Test func theSnapshotCoversEveryCompiledField() {
    // A stored field added to a compiled type must be written and read by the snapshot
    // (Sources/VisaRules/Compiled/RulesSnapshot+Write/+Read.swift, and RulesSnapshot.fields),
    // with RulesSnapshot.formatVersion bumped.
    #expect(RuleBook.unsnapshottedFields() == [])
  }

  /// Rule sets that make complete books: the built-in rules, with each overlay and reform of
  /// Examples/ and the identity-reform fixture laid on top, and mutated copies.
  static func ruleSets() throws -> [(name: String, sources: [RuleBook.RuleSource])] {
    var sets: [(String, [RuleBook.RuleSource])] = [("built-in", builtInSources)]
    let folders = [
      "Examples/overlays/illustrative-member-state", "Examples/overlays/pt-child-waiver", "Examples/reforms/fee-100-eur",
      "Examples/reforms/reinstate-vfa-2027", "Examples/reforms/russia-mev-after-two-visas",
      "Examples/reforms/waive-fee-for-artists", "Tests/VisaRulesTests/Fixtures/identity-reform",
    ]
    for folder in folders {
      sets.append((folder, builtInSources + (try RuleBook.read(directory: Package.root.path + "/" + folder))))
    }
    // The files in reverse order: other indices everywhere, the same law.
    sets.append(("built-in, reversed", builtInSources.reversed()))
    // Texts changed: a status, an amount, a date (each still valid rules).
    func mutated(_ name: String, _ change: (String) -> String) -> (String, [RuleBook.RuleSource]) {
      var sources = builtInSources
      for i in sources.indices { sources[i].text = change(sources[i].text) }
      return (name, sources)
    }
    sets.append(mutated("every V as C") { $0.replacingOccurrences(of: "\"status\": \"V\"", with: "\"status\": \"C\"") })
    sets.append(mutated("2020-02-02 as 2020-02-03") { $0.replacingOccurrences(of: "2020-02-02", with: "2020-02-03") })
    sets.append(mutated("3500 cents as 3600") { $0.replacingOccurrences(of: "3500", with: "3600") })
    return sets
  }

  /// Lines of generated applications: the population generator's and the property tests'.
  static func lines(_ count: Int) -> [String] {
    let population = Population(
      count: count, seed: 5, period: Period(from: LocalDate(iso: "2010-04-05")!, until: LocalDate(iso: "2027-12-31")!))
    var gen = Generator(seed: 9, stream: 17)
    var out: [String] = []
    for i in 0..<count {
      out.append(population.line(i))
      out.append(contractJSON(gen.application(focusOnHistory: i % 2 == 0).0))
    }
    return out
  }

  @Test func aSnapshotReadsBackAsTheBookItsJSONCompilesTo() throws {
    let traced = EvaluationOptions(trace: true, alternatives: true)
    for (index, set) in try Self.ruleSets().enumerated() {
      let compiled: RuleBook
      do {
        compiled = try RuleBook(sources: set.sources, name: set.name)
      } catch {
        Issue.record("\(set.name) does not compile: \(error)")
        continue
      }
      let bytes = compiled.snapshot()
      #expect(bytes.allSatisfy { $0 == 0x0A || ($0 >= 0x20 && $0 != 0x7F) }, "\(set.name): a control byte in the snapshot")
      let read = try RuleBook(snapshot: bytes, sources: set.sources, name: set.name)
      #expect(read.snapshot() == bytes, "\(set.name): the snapshot of the book read back differs")
      #expect(compiled.snapshot() == bytes, "\(set.name): two snapshots of one book differ")
      #expect(read.compiledDump() == compiled.compiledDump(), "\(set.name): a compiled field differs")
      #expect(read.diagnostics == compiled.diagnostics, "\(set.name)")
      #expect(read.provenance == compiled.provenance, "\(set.name)")
      #expect(read.catalogue == compiled.catalogue, "\(set.name)")
      // Decisions, traced, on generated applications (more on the built-in rules).
      for line in Self.lines(index == 0 ? 150 : 25) {
        let a = Array(line.utf8).withUnsafeBufferPointer { compiled.evaluateLine($0, lineNumber: 1, options: traced) }
        let b = Array(line.utf8).withUnsafeBufferPointer { read.evaluateLine($0, lineNumber: 1, options: traced) }
        guard a.output == b.output else {
          Issue.record("\(set.name): the books decide differently on \(line)")
          break
        }
      }
    }
  }

  @Test func theBuildMadeTheBuiltInSnapshotsStringsIntoLiterals() {
    // RulesEmbedder reads the string table with the library's own reader (SnapshotFormat); the
    // literals it wrote must be the table's strings, all of them, in order.
    guard RuleBook.builtInSnapshotProblem() == nil else { return }
    let table = RuleBook.builtInSnapshot.withUnsafeBufferPointer { SnapshotStringTable.strings(ofSnapshot: $0) }
    #expect(!RuleBook.builtInSnapshotStrings.isEmpty)
    #expect(RuleBook.builtInSnapshotStrings == table)
  }

  @Test func aStringTableReadsBackTheStringsWritten() {
    // Escapes (control characters, `^`), multi-byte UTF-8, an empty string, and enough bytes
    // for offsets of more than one digit.
    let strings =
      ["", "plain", "a^b", "^^", "tab\tand\nline\r", "\u{7F}\u{1}", "Überweisung – 80 €", "end^"]
      + (0..<40).map { String(repeating: "x", count: $0) }
    let body = SnapshotStringTable.encode(strings)
    let snapshot = body.withUnsafeBufferPointer { SnapshotHeader(formatVersion: 1, fingerprintState: 2, body: $0) }.bytes + body
    #expect(snapshot.withUnsafeBufferPointer { SnapshotStringTable.strings(ofSnapshot: $0) } == strings)
    // A changed byte in the body: the checksum refuses it, nothing is read.
    var damaged = snapshot
    damaged[damaged.count - 2] ^= 1
    #expect(damaged.withUnsafeBufferPointer { SnapshotStringTable.strings(ofSnapshot: $0) } == nil)
  }

  @Test func theBuiltInBookFromTheSnapshotIsTheCompiledOne() throws {
    let builtIn = try RuleBook.builtIn()
    let compiled = try RuleBook(sources: Self.builtInSources, name: "built-in")
    #expect(builtIn.compiledDump() == compiled.compiledDump())
    #expect(builtIn.diagnostics == compiled.diagnostics)
    #expect(builtIn.provenance.fingerprint == compiled.provenance.fingerprint)
  }

  @Test func optionIDsAndValuesAreThoseOfTheOptions() throws {
    // `visa --option` checks with these (they read no descriptions); they must say what
    // `options` says, on the built-in book and on one with an overlay's options.
    let overlay = try RuleBook.read(directory: Package.root.path + "/Examples/overlays/illustrative-member-state")
    for book in [try RuleBook.builtIn(), try RuleBook(sources: Self.builtInSources + overlay)] {
      #expect(!book.options.isEmpty)
      #expect(book.optionIDs == book.options.map(\.id))
      for option in book.options { #expect(book.optionValues(option.id) == option.values.map(\.name), "\(option.id)") }
      #expect(book.optionValues("no.such.option") == nil)
    }
  }

  @Test func theSameRulesGiveTheSameBytes() throws {
    let a = try RuleBook(sources: Self.builtInSources).snapshot()
    let b = try RuleBook(sources: Self.builtInSources).snapshot()
    #expect(a == b)
  }

  @Test func aDamagedSnapshotIsRefusedWithAClearError() throws {
    let sources = Self.builtInSources
    let good = try RuleBook(sources: sources).snapshot()
    func refusal(_ bytes: [UInt8], _ sources: [RuleBook.RuleSource] = sources) -> String? {
      do {
        _ = try RuleBook(snapshot: bytes, sources: sources)
        return nil
      } catch {
        #expect(error.kind == .invalidRules)
        return error.message
      }
    }
    #expect(refusal(good) == nil)
    #expect(refusal([])?.contains("not a rule-book snapshot") == true)
    #expect(refusal(Array("{\"rules\": []}".utf8))?.contains("not a rule-book snapshot") == true)
    // Truncated anywhere: the length in the header no longer matches.
    for cut in stride(from: 40, to: good.count, by: good.count / 37) {
      let message = refusal(Array(good[..<cut]))
      #expect(message != nil, "truncated at \(cut)")
      if let message, cut > 80 { #expect(message.contains("truncated"), "\(message)") }
    }
    // A byte changed in the body: the checksum no longer matches.
    var damaged = good
    damaged[good.count / 2] = damaged[good.count / 2] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
    #expect(refusal(damaged)?.contains("checksum") == true)
    // Another format version (the digit after the magic line).
    let magic = Array("VisaRules rule-book snapshot\n".utf8)
    var old = good
    #expect(Array(old[..<magic.count]) == magic)
    old[magic.count] = UInt8(ascii: "P")  // the number 0
    #expect(refusal(old)?.contains("format version 0") == true)
    // Made from other rule texts than those given.
    var other = sources
    other[0].text += " "
    #expect(refusal(good, other)?.contains("other rule texts") == true)
  }

  @Test func aSnapshotWhoseChecksumHoldsButWhoseBodyIsWrongIsRefused() throws {
    // Past the checksum (recomputed here), the reader's own checks must refuse a wrong body
    // with a clear error: never a crash, never a book read from wrong bytes.
    let sources = Self.builtInSources
    let good = try RuleBook(sources: sources).snapshot()
    func refusal(_ bytes: [UInt8]) -> String? {
      do {
        _ = try RuleBook(snapshot: try #require(RuleBook.resealed(snapshot: bytes)), sources: sources)
        return nil
      } catch {
        return "\(error)"
      }
    }
    #expect(refusal(good) == nil)
    // The string offsets: the line after the magic line, the header and the string table's header.
    var lineStarts = [0]
    for (i, b) in good.enumerated() where b == 0x0A && lineStarts.count < 4 { lineStarts.append(i + 1) }
    let offsets = lineStarts[3]
    var badDigit = good
    badDigit[offsets] = UInt8(ascii: "z")
    #expect(refusal(badDigit)?.contains("string offset") == true, "\(refusal(badDigit) ?? "read")")
    var pastTheEnd = good
    // Every digit of the first offset at its highest (`O`): far beyond the strings.
    var i = offsets
    while good[i] >= 0x30 && good[i] < 0x50 && i < offsets + 12 {
      pastTheEnd[i] = UInt8(ascii: "O")
      i += 1
    }
    #expect(refusal(pastTheEnd)?.contains("past the string table") == true, "\(refusal(pastTheEnd) ?? "read")")
    // Bytes changed all over the body: each snapshot is read or refused, none crashes.
    var refused = 0
    for k in 1..<60 {
      var changed = good
      let at = offsets + (good.count - offsets) * k / 60
      changed[at] = changed[at] == UInt8(ascii: "P") ? UInt8(ascii: "Q") : UInt8(ascii: "P")
      if refusal(changed) != nil { refused += 1 }
    }
    #expect(refused > 0)
  }

  @Test func theBuiltInBookFallsBackToTheJSON() throws {
    let compiled = try RuleBook(sources: Self.builtInSources, name: "built-in").compiledDump()
    let good = RuleBook.builtInSnapshot
    var damaged = good
    if !damaged.isEmpty { damaged[damaged.count - 2] ^= 1 }
    for (bytes, fromSnapshot) in [(good, true), (damaged, false), ([], false), (Array(good.prefix(100)), false)] {
      let load = RuleBook.loadBuiltIn(snapshot: bytes)
      #expect(load.fromSnapshot == (fromSnapshot && RuleBook.builtInSnapshotProblem() == nil))
      #expect(try load.book.get().compiledDump() == compiled)
    }
  }
}
