extension RuleLoader {
  // MARK: - Vocabulary

  mutating func readVocabulary(_ f: Int) {
    let root = files[f].root
    guard root["vocabulary"] != nil || root["coverage"] != nil else { return }
    guard checkKeys(f, root, RuleLoader.vocabularyKeys, "a vocabulary file") else { return }
    if let cov = root["coverage"] {
      _ = checkKeys(f, cov, ["from", "until", "note"], "coverage")
      if let from = date(f, cov, "from", "coverage") {
        rules.coverage = Period(from: from, until: date(f, cov, "until", "coverage", required: false))
      }
      rules.coverageNote = cov["note"]?.string ?? ""
    }
    guard let vocab = root["vocabulary"] else { return }
    guard
      checkKeys(
        f, vocab,
        [
          "categories", "purposes", "countryGroups", "destinations", "countries", "documentCategories", "currency", "documentTypes",
          "hostRelationships", "extensionGrounds", "fastTrackSchemes",
        ],
        "vocabulary")
    else { return }
    if let list = vocab["documentTypes"] { readList(f, list, "documentTypes", "a travel document type", \.documentTypes) }
    if let list = vocab["hostRelationships"] { readList(f, list, "hostRelationships", "a host relationship", \.hostRelationships) }
    if let list = vocab["extensionGrounds"] { readList(f, list, "extensionGrounds", "an extension ground", \.extensionGrounds) }
    if let list = vocab["fastTrackSchemes"] { readList(f, list, "fastTrackSchemes", "a fast-track scheme", \.fastTrackSchemes) }
    if let c = vocab["currency"] { readCurrency(f, c) }
    if let list = vocab["countries"] { readCountries(f, list) }
    if let list = vocab["documentCategories"] { readDocumentCategories(f, list) }
    if let cats = vocab["categories"]?.elements {
      for c in cats {
        guard checkKeys(f, c, ["id", "description", "articles"], "a category") else { continue }
        guard let id = string(f, c, "id", "a category") else { continue }
        if rules.categoryIndex[id] != nil {
          error(f, c.offset, "category \"\(id)\" is defined twice")
          continue
        }
        if rules.categories.count >= 64 {
          error(f, c.offset, "too many categories (at most 64)")
          continue
        }
        rules.categoryIndex[id] = rules.categories.count
        rules.categories.append(id)
        rules.categoryDescriptions.append((Category(rawValue: id), c["description"]?.string ?? ""))
        lists.categories.append(id, description: c["description"]?.string ?? "", articles: c["articles"]?.string ?? "")
      }
    }
    if let list = vocab["purposes"]?.elements {
      for p in list {
        guard let s = p.string else {
          error(f, p.offset, "a purpose must be a string")
          continue
        }
        if lists.purposes.index(of: s) == nil { lists.purposes.append(s, description: "", articles: "") }
      }
    }
    if let groups = vocab["countryGroups"]?.members {
      for g in groups {
        guard let list = g.value.elements else {
          error(f, g.value.offset, "country group \"\(g.key)\" must be an array of country codes")
          continue
        }
        var codes: [String] = []
        for c in list {
          guard let s = c.string, isCountry(s) else {
            error(f, c.offset, "\"\(c.string ?? c.typeName)\" is not a two-letter country code")
            continue
          }
          codes.append(s)
        }
        rules.countryGroups[g.key] = codes
      }
    }
    if let d = vocab["destinations"] { readDestinations(f, d) }
  }

  /// `"documentTypes": [{"id": "ordinary", "description": …, "articles": …}]` and the other
  /// lists of ids (``VocabularyList``): ids unique across all files, at most
  /// ``VocabularyList/capacity``.
  mutating func readList(
    _ f: Int, _ v: JSONValue, _ key: String, _ what: String, _ path: WritableKeyPath<VocabularyLists, VocabularyList>
  ) {
    guard let entries = v.elements else {
      error(f, v.offset, "\"\(key)\" must be an array of {\"id\", \"description\"} objects")
      return
    }
    for e in entries {
      guard checkKeys(f, e, ["id", "description", "articles"], what) else { continue }
      guard let id = string(f, e, "id", what) else { continue }
      if lists[keyPath: path].index(of: id) != nil {
        error(f, e.offset, "\(key): \"\(id)\" is defined twice")
        continue
      }
      if lists[keyPath: path].count >= VocabularyList.capacity {
        error(f, e.offset, "too many \(key) (at most \(VocabularyList.capacity))")
        continue
      }
      lists[keyPath: path].append(id, description: e["description"]?.string ?? "", articles: e["articles"]?.string ?? "")
    }
  }

  func isCountry(_ s: String) -> Bool {
    let u = Array(s.utf8)
    return u.count == 2 && u.allSatisfy { $0 >= 65 && $0 <= 90 }
  }

  /// Reads a list of country codes and `@group` names into packed codes.
  mutating func countries(_ f: Int, _ v: JSONValue, _ what: @autoclosure () -> String) -> [UInt16] {
    guard let list = v.elements else {
      error(f, v.offset, "\(what()) must be an array of country codes or @groups")
      return []
    }
    var out: [UInt16] = []
    for c in list {
      guard let s = c.string else {
        error(f, c.offset, "\(what()): expected a country code, found \(c.typeName)")
        continue
      }
      if s.hasPrefix("@") {
        guard let g = rules.countryGroups[String(s.dropFirst())] else {
          error(
            f, c.offset,
            "unknown country group \"\(s)\" (defined: \(rules.countryGroups.keys.sorted().map { "@" + $0 }.joined(separator: ", ")))")
          continue
        }
        out += g.map(countryCode)
      } else if isCountry(s) {
        if !rules.knowsCountry(countryCode(s)) {
          error(f, c.offset, "unknown country code \"\(s)\" (not in the country vocabulary, Rules/countries.json)")
        }
        out.append(countryCode(s))
      } else {
        error(f, c.offset, "\"\(s)\" is not a two-letter country code or an @group")
      }
    }
    return out
  }

}
