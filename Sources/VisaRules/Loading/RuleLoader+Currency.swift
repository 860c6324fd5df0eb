extension RuleLoader {
  /// The rule book's currency (`vocabulary.currency`): the ISO 4217 code every amount of the
  /// rules is in. A later file's replaces an earlier one's, as an overlay may.
  mutating func readCurrency(_ f: Int, _ v: JSONValue) {
    guard let code = v.string, code.utf8.count == 3, code.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
      error(
        f, v.offset,
        "vocabulary.currency must be an ISO 4217 currency code, three capital letters (\"EUR\"), found \(v.string.map { "\"\($0)\"" } ?? v.typeName)"
      )
      return
    }
    rules.currency = code
  }

  /// The currency for messages: the code, once a vocabulary file has given it.
  var currencyName: String { rules.currency.isEmpty ? "the rule book's currency" : rules.currency }
}
