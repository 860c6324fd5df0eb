extension RuleLoader {
  // MARK: - Instruments

  mutating func readInstrument(_ f: Int) {
    let root = files[f].root
    guard root["vocabulary"] == nil, root["coverage"] == nil else { return }
    guard checkKeys(f, root, RuleLoader.fileKeys, "a rule file") else { return }
    guard let header = root["instrument"] else {
      error(f, root.offset, "a rule file needs an \"instrument\" (or a \"vocabulary\")")
      return
    }
    let allowed = [
      "id", "shortName", "title", "kind", "officialReference", "inForce", "scope", "amends", "status", "lastVerified", "note", "adopted",
    ]
    guard checkKeys(f, header, allowed, "the instrument") else { return }
    guard let id = string(f, header, "id", "the instrument") else { return }
    if rules.instrumentIndex[id] != nil {
      error(f, header.offset, "instrument \"\(id)\" is defined twice")
      return
    }
    if rules.instruments.count >= 64 {
      error(f, header.offset, "too many instruments (at most 64 in one rule book)")
      return
    }
    let shortName = string(f, header, "shortName", "instrument \(id)") ?? id
    let title = string(f, header, "title", "instrument \(id)") ?? id
    let kind = string(f, header, "kind", "instrument \(id)") ?? "instrument"
    let reference = string(f, header, "officialReference", "instrument \(id)") ?? ""
    var period = Period(from: LocalDate(dayNumber: 0))
    if let inForce = header["inForce"] {
      _ = checkKeys(f, inForce, ["from", "until"], "inForce of \(id)")
      if let from = date(f, inForce, "from", "inForce of \(id)") {
        period = Period(from: from, until: date(f, inForce, "until", "inForce of \(id)", required: false))
      }
    } else {
      error(f, header.offset, "instrument \(id) has no \"inForce\" dates")
    }
    if let u = period.until, u < period.from {
      error(f, header["inForce"]!.offset, "instrument \(id) ends (\(u)) before it begins (\(period.from))")
    }
    let st = status(f, header, "instrument \(id)")
    let lastVerified = date(f, header, "lastVerified", "instrument \(id)")
    let index = rules.instruments.count
    rules.instrumentIndex[id] = index
    rules.instruments.append(
      CompiledInstrument(
        id: id, shortName: shortName, from: period.from.dayNumber, until: period.until?.dayNumber ?? Int.max, scope: .always, regime: index,
        settings: [], suspendedBy: []))
    rules.publicInstruments.append(
      Instrument(
        id: id, shortName: shortName, title: title, kind: kind, officialReference: reference, inForce: period,
        amends: header["amends"]?.string, scope: "", status: st, lastVerified: lastVerified,
        note: header["note"]?.string ?? "", location: location(f, header.offset)))
    files[f].instrument = index
  }

  mutating func compileScope(_ f: Int) {
    guard let i = files[f].instrument, let header = files[f].root["instrument"] else { return }
    if let amends = header["amends"]?.string {
      guard let target = rules.instrumentIndex[amends] else {
        error(f, header["amends"]!.offset, "instrument \(rules.instruments[i].id) amends unknown instrument \"\(amends)\"")
        return
      }
      rules.instruments[i].regime = rules.instruments[target].regime
    }
    if let scope = header["scope"] {
      let (c, text) = compileCondition(f, scope, allowOptions: false)
      rules.instruments[i].scope = c
      rules.publicInstruments[i].scope = text
    } else {
      rules.publicInstruments[i].scope = "everyone"
    }
  }

  // MARK: - Options

  mutating func readOptions(_ f: Int) {
    guard let inst = files[f].instrument, let list = files[f].root["options"] else { return }
    guard let options = list.elements else {
      error(f, list.offset, "\"options\" must be an array")
      return
    }
    for o in options {
      guard checkKeys(f, o, ["key", "question", "values", "default", "reason", "citation", "status"], "an option") else { continue }
      guard let key = string(f, o, "key", "an option") else { continue }
      if rules.optionIndex[key] != nil {
        error(f, o.offset, "option \"\(key)\" is declared twice")
        continue
      }
      if rules.options.count >= 64 {
        error(f, o.offset, "too many options (at most 64)")
        continue
      }
      var values: [InterpretationOption.Value] = []
      if let vs = o["values"]?.elements {
        for v in vs {
          guard let name = string(f, v, "name", "a value of option \(key)") else { continue }
          values.append(.init(name: name, meaning: v["meaning"]?.string ?? ""))
        }
      }
      if values.count < 2 {
        error(f, o.offset, "option \(key) needs at least two values")
        continue
      }
      guard let def = string(f, o, "default", "option \(key)") else { continue }
      guard let defIndex = values.firstIndex(where: { $0.name == def }) else {
        error(
          f, o["default"]!.offset,
          "the default \"\(def)\" of option \(key) is not one of its values (\(values.map(\.name).joined(separator: ", ")))")
        continue
      }
      let st = status(f, o, "option \(key)")
      let cit = citation(f, o, instrument: inst, what: "option \(key)", required: false)
      rules.optionIndex[key] = rules.options.count
      rules.options.append(CompiledOption(key: key, values: values.map(\.name), defaultValue: defIndex))
      rules.publicOptions.append(
        InterpretationOption(
          id: key, question: o["question"]?.string ?? "", values: values, defaultValue: def,
          reason: o["reason"]?.string ?? "", citation: cit, status: st, location: location(f, o.offset)))
    }
  }

}
