/// The contract's objects and arrays: each object read against its table of fields
/// (``ContractObject``), unknown, duplicate and missing keys worded where they are found, and a
/// field's error path completed key by key on the way out.
extension ContractReader {
  /// Reads an object against its table of fields into `target`: unknown and duplicate keys
  /// and missing required fields are errors; `null` is an absent optional field (an error for a
  /// required one).
  mutating func object<T>(_ table: ContractObject<T>, into target: inout T) throws(VisaRulesError) {
    guard peek() == UInt8(ascii: "{") else { throw mismatch(expected: "an object") }
    json.index &+= 1
    var seen: UInt64 = 0
    // The field expected next: keys mostly come in the contract's order.
    var next = 0
    if peek() == UInt8(ascii: "}") {
      json.index &+= 1
    } else {
      while true {
        // The usual key: the one expected, not seen yet, `"name":` with no white space, matched
        // with its colon. Any other (``otherKey(_:hint:seen:)``) is read out of line.
        // The one after it is tried too (an optional field left out, two keys swapped).
        let at = json.index
        let index: Int
        if at < json.bytes.count, let base = json.bytes.baseAddress, base[at] == UInt8(ascii: "\""),
          let n = table.keys.expectedKey(next, at: base + (at &+ 1), available: json.bytes.count &- at &- 1),
          seen & (1 &<< UInt64(truncatingIfNeeded: next)) == 0
        {
          index = next
          json.index = at &+ n &+ 1
        } else if at < json.bytes.count, let base = json.bytes.baseAddress, base[at] == UInt8(ascii: "\""),
          let n = table.keys.expectedKey(next &+ 1, at: base + (at &+ 1), available: json.bytes.count &- at &- 1),
          seen & (1 &<< UInt64(truncatingIfNeeded: next &+ 1)) == 0
        {
          index = next &+ 1
          json.index = at &+ n &+ 1
        } else {
          index = try otherKey(table, hint: next, seen: seen)
        }
        let bit: UInt64 = 1 &<< UInt64(truncatingIfNeeded: index)
        seen |= bit
        next = index &+ 1
        // `null` (or white space before the value, where `null()` looks further).
        let first = byte()
        if first == UInt8(ascii: "n") || first <= 0x20, try null() {
          try absent(table, index)
          seen &= ~bit  // null: absent, as if not given
        } else {
          depth &+= 1
          do throws(VisaRulesError) {
            try table.fields[index].read(&self, &target)
          } catch {
            throw error.under(key: table.names[index])
          }
          depth &-= 1
        }
        let c = byte()
        json.index &+= 1
        if c == UInt8(ascii: ",") { continue }
        if c == UInt8(ascii: "}") { break }
        json.index &-= 1
        if try !memberEnd() { break }
      }
    }
    if seen & table.requiredMask != table.requiredMask {
      for i in 0..<table.fields.count where table.fields[i].required && seen & (1 << UInt64(i)) == 0 {
        throw VisaRulesError(.missingField, field: table.names[i], message: "required field is missing")
      }
    }
  }

  /// Reads a key other than the usual one (another key, white space, escapes, a duplicate, a key
  /// the contract does not define) with its colon: the field's index, or the error.
  @inline(never)
  mutating func otherKey<T>(_ table: ContractObject<T>, hint next: Int, seen: UInt64) throws(VisaRulesError) -> Int {
    // The usual layout (no white space) is read byte by byte; `peek()` skips white space.
    guard byte() == UInt8(ascii: "\"") || peek() == UInt8(ascii: "\"") else {
      throw unexpected("a key in double quotes")
    }
    let keyOffset = json.index
    let index: Int
    // A key with its colon; otherwise the colon is read after the duplicate check.
    var colonRead = false
    if let base = json.bytes.baseAddress,
      let (k, n) = table.keys.key(at: base + (keyOffset &+ 1), available: json.bytes.count &- keyOffset &- 1)
    {
      index = k
      json.index = keyOffset &+ n &+ 1
      colonRead = true
    } else if let base = json.bytes.baseAddress,
      let (k, n) = table.keys.quoted(at: base + (keyOffset &+ 1), available: json.bytes.count &- keyOffset &- 1, hint: next)
    {
      index = k
      json.index = keyOffset &+ n &+ 2
    } else {
      // Escapes in the key, or a key the contract does not define.
      guard let k = try stringBytes({ b in b.baseAddress.flatMap { table.keys.index(of: $0, count: b.count) } }) else {
        json.index = keyOffset
        throw VisaRulesError(
          .unknownField, field: try string(), message: "field not defined by the contract",
          allowed: table.names.joined(separator: ", "))
      }
      index = k
    }
    if seen & (1 &<< UInt64(truncatingIfNeeded: index)) != 0 {
      throw syntaxError(keyOffset, "duplicate key \"\(table.names[index])\"")
    }
    if colonRead {
    } else if byte() == UInt8(ascii: ":") {
      json.index &+= 1
    } else {
      try expect(UInt8(ascii: ":"), "':' after key \"\(table.names[index])\"")
    }
    return index
  }

  /// A `null` read for field `index`: an error if the field is required (an absent optional
  /// field otherwise).
  @inline(never)
  func absent<T>(_ table: ContractObject<T>, _ index: Int) throws(VisaRulesError) {
    if table.fields[index].required {
      throw VisaRulesError(
        .invalidValue, field: table.names[index], value: "null",
        message: "null is not allowed: the field is required", allowed: "a value (see the contract)")
    }
  }

  /// After a member's value, where neither `,` nor `}` follows at once: white space, then `,`
  /// (true) or `}` (false), or the error.
  @inline(never)
  mutating func memberEnd() throws(VisaRulesError) -> Bool {
    let c = peek()
    json.index &+= 1
    if c == UInt8(ascii: ",") { return true }
    if c == UInt8(ascii: "}") { return false }
    json.index &-= 1
    throw unexpected("',' or '}'")
  }

  /// Reads an array, calling `element` for each element with the reader at it.
  mutating func array(
    expected: String = "an array", _ element: (inout ContractReader, Int) throws(VisaRulesError) -> Void
  ) throws(VisaRulesError) {
    guard peek() == UInt8(ascii: "[") else { throw mismatch(expected: expected) }
    json.index += 1
    if peek() == UInt8(ascii: "]") {
      json.index += 1
      return
    }
    var i = 0
    while true {
      depth += 1
      do throws(VisaRulesError) {
        try element(&self, i)
      } catch {
        throw error.under(index: i)
      }
      depth -= 1
      i += 1
      let c = peek()
      json.index += 1
      if c == UInt8(ascii: ",") { continue }
      if c == UInt8(ascii: "]") { return }
      json.index -= 1
      throw unexpected("',' or ']'")
    }
  }

  /// Reads a whole document: one value read by `body`, then only white space.
  mutating func document(_ body: (inout ContractReader) throws(VisaRulesError) -> Void) throws(VisaRulesError) {
    if peek() == 0 && json.index >= json.bytes.count {
      throw syntaxError(json.index, "unexpected end of input, expected a value")
    }
    do throws(VisaRulesError) {
      try body(&self)
    } catch {
      throw field.map { error.under(key: $0) } ?? error
    }
    json.skipWhitespace()
    if json.index < json.bytes.count {
      throw syntaxError(json.index, "unexpected \(json.describe(json.index)) after the JSON value")
    }
  }
}

extension VisaRulesError {
  /// The error of a field read inside `key`: its path gets `key` in front.
  func under(key: String) -> VisaRulesError {
    guard let f = field else { return self }
    var e = self
    e.field = f.isEmpty ? key : f.hasPrefix("[") ? key + f : key + "." + f
    return e
  }

  /// The error of a value read inside element `index` of an array.
  func under(index: Int) -> VisaRulesError {
    guard let f = field else { return self }
    var e = self
    e.field = f.isEmpty ? "[\(index)]" : f.hasPrefix("[") ? "[\(index)]" + f : "[\(index)]." + f
    return e
  }
}
