extension RuleLoader {
  // MARK: - Amendments, suspensions, precedence, settings

  mutating func collectAmendments(_ f: Int) -> [(file: Int, json: JSONValue, from: LocalDate)] {
    guard files[f].instrument != nil, let list = files[f].root["amendments"] else { return [] }
    guard let amendments = list.elements else {
      error(f, list.offset, "\"amendments\" must be an array")
      return []
    }
    var out: [(file: Int, json: JSONValue, from: LocalDate)] = []
    var ids = Set<String>()
    for a in amendments {
      guard checkKeys(f, a, ["id", "target", "from", "value", "when", "repeal", "citation", "status", "note"], "an amendment") else {
        continue
      }
      guard let id = string(f, a, "id", "an amendment") else { continue }
      if !ids.insert(id).inserted { error(f, a.offset, "amendment \"\(id)\" is defined twice") }
      guard let from = date(f, a, "from", "amendment \(id)") else { continue }
      let inForce = rules.publicInstruments[files[f].instrument!].inForce
      if !inForce.contains(from) {
        error(f, a["from"]!.offset, "amendment \(id) acts from \(from), outside the in-force dates of its instrument (\(inForce))")
      }
      out.append((f, a, from))
    }
    return out
  }

  mutating func applyAmendment(_ f: Int, _ a: JSONValue) {
    let inst = files[f].instrument!
    do {
      guard let id = a["id"]?.string else { return }
      let what = "amendment \(id)"
      guard let targetName = string(f, a, "target", what) else { return }
      guard let t = rules.provisionIndex[targetName] else {
        // Perhaps a suspension: those are read later.
        deferredAmendments.append((f, a))
        return
      }
      guard let from = date(f, a, "from", what) else { return }
      let amendmentStatus = status(f, a, what)
      guard citation(f, a, instrument: inst, what: what) != nil else { return }
      let target = rules.provisions[t]
      guard let last = target.versions.indices.last(where: { target.versions[$0].from <= from.dayNumber }),
        target.versions[last].until >= from.dayNumber
      else {
        error(f, a["from"]!.offset, "\(what) acts on \(targetName) from \(from), outside the provision's effective period")
        return
      }
      if target.versions[last].from == from.dayNumber {
        error(
          f, a["from"]!.offset,
          "\(what) acts on \(targetName) on the very day another version begins (\(from)): the versions overlap (two values for one day)")
        return
      }
      var next = target.versions[last]
      next.from = from.dayNumber
      next.amendment = inst
      next.amendmentID = id
      next.amendmentLocation = location(f, a.offset)
      next.status = amendmentStatus
      next.citation.amendedBy = rules.publicInstruments[inst].shortName
      if let r = a["repeal"], r.bool != true {
        error(f, r.offset, "\"repeal\" of \(what) can only be true (leave it out otherwise)")
      }
      if a["repeal"]?.bool == true && (a["value"] != nil || a["when"] != nil) {
        error(f, a.offset, "\(what) repeals \(targetName) and also gives a value or condition: give one or the other")
      }
      if a["repeal"]?.bool == true {
        next.value = .repealed
      } else if let v = a["value"] {
        next.value = compileValue(f, v, figure: target.figure, what: what)
      }
      if let w = a["when"] {
        if target.figure.isRuleBookFigure {
          error(
            f, w.offset,
            "\(what) acts on \(targetName), which gives \(target.figure), a figure of the rule book (one value per date): it takes no \"when\""
          )
        } else {
          (next.condition, next.conditionText) = compileCondition(f, w, allowOptions: true)
        }
      }
      if a["value"] == nil && a["when"] == nil && a["repeal"] == nil {
        error(f, a.offset, "\(what) changes nothing: give a \"value\", a \"when\" or \"repeal\": true")
      }
      target.versions[last].until = from.dayNumber - 1
      target.versions.insert(next, at: last + 1)
      rules.provisions[t] = target
      var pub = rules.publicProvisions[t]
      pub.versions = target.versions.map { v in
        Provision.Version(
          period: Period(from: LocalDate(dayNumber: v.from), until: v.until == Int.max ? nil : LocalDate(dayNumber: v.until)),
          value: v.value.describe(target.figure, rules: rules), condition: v.conditionText,
          amendment: v.amendmentID, amendedBy: v.amendment.map { rules.publicInstruments[$0].shortName })
      }
      rules.publicProvisions[t] = pub
    }
  }

  /// An amendment that lifts a suspension from a date (a reform reinstating an instrument):
  /// `{"target": <suspension id>, "from": date, "repeal": true}` ends it the day before.
  mutating func amendSuspension(_ f: Int, _ a: JSONValue) {
    let id = a["id"]?.string ?? "?"
    let targetName = a["target"]?.string ?? ""
    guard let s = rules.suspensions.firstIndex(where: { $0.id == targetName }) else {
      error(f, a["target"]?.offset ?? a.offset, "amendment \(id) acts on unknown provision or suspension \"\(targetName)\"")
      return
    }
    guard a["repeal"]?.bool == true, a["value"] == nil, a["when"] == nil else {
      error(f, a.offset, "amendment \(id) of suspension \(targetName) can only lift it: give \"repeal\": true and no value or condition")
      return
    }
    guard let from = date(f, a, "from", "amendment \(id)") else { return }
    guard citation(f, a, instrument: files[f].instrument!, what: "amendment \(id)") != nil else { return }
    if from.dayNumber <= rules.suspensions[s].from {
      error(
        f, a["from"]!.offset,
        "amendment \(id) lifts \(targetName) from \(from), before the suspension begins (\(LocalDate(dayNumber: rules.suspensions[s].from)))"
      )
      return
    }
    rules.suspensions[s].until = min(rules.suspensions[s].until, from.dayNumber - 1)
    rules.suspensions[s].note += " Lifted from \(from) by \(id)."
  }

  mutating func readSuspensions(_ f: Int) {
    guard let inst = files[f].instrument, let list = files[f].root["suspensions"] else { return }
    guard let suspensions = list.elements else {
      error(f, list.offset, "\"suspensions\" must be an array")
      return
    }
    for s in suspensions {
      guard checkKeys(f, s, ["id", "targets", "from", "until", "appliesTo", "citation", "status", "note"], "a suspension") else { continue }
      guard let id = string(f, s, "id", "a suspension") else { continue }
      let what = "suspension \(id)"
      guard let from = date(f, s, "from", what) else { continue }
      let until = date(f, s, "until", what, required: false)
      if let until, until < from { error(f, s.offset, "\(what) ends (\(until)) before it begins (\(from))") }
      let st = status(f, s, what)
      guard let cit = citation(f, s, instrument: inst, what: what) else { continue }
      var cond = Condition.always
      var condText = "everyone"
      if let a = s["appliesTo"] { (cond, condText) = compileCondition(f, a, allowOptions: true) }
      let index = rules.suspensions.count
      rules.suspensions.append(
        CompiledSuspension(
          id: id, from: from.dayNumber, until: until?.dayNumber ?? Int.max, appliesTo: cond, appliesToText: condText, citation: cit,
          status: st, note: s["note"]?.string ?? ""))
      guard let targets = s["targets"]?.elements, !targets.isEmpty else {
        error(f, s.offset, "\(what) needs \"targets\": the provisions or instruments it suspends")
        continue
      }
      for t in targets {
        guard let name = t.string else { continue }
        if let p = rules.provisionIndex[name] {
          if rules.provisions[p].figure.isRuleBookFigure {
            error(
              f, t.offset,
              "\(what) targets \(name), which gives \(rules.provisions[p].figure), a figure of the rule book: amend it instead (a \"value\" from a date)"
            )
            continue
          }
          rules.provisions[p].suspendedBy.append(index)
        } else if let i = rules.instrumentIndex[name] {
          rules.instruments[i].suspendedBy.append(index)
        } else {
          error(f, t.offset, "\(what) targets unknown provision or instrument \"\(name)\"")
        }
      }
    }
  }

  mutating func readPrecedence(_ f: Int) {
    guard let inst = files[f].instrument, let list = files[f].root["precedence"] else { return }
    guard let rulesList = list.elements else {
      error(f, list.offset, "\"precedence\" must be an array")
      return
    }
    for r in rulesList {
      guard checkKeys(f, r, ["id", "over", "figures", "kinds", "unless", "citation", "status", "note"], "a precedence rule") else {
        continue
      }
      guard let id = string(f, r, "id", "a precedence rule") else { continue }
      let what = "precedence rule \(id)"
      guard let over = string(f, r, "over", what) else { continue }
      guard let loser = rules.instrumentIndex[over] else {
        error(f, r["over"]!.offset, "\(what) is over unknown instrument \"\(over)\"")
        continue
      }
      var figures: [Figure] = []
      for x in r["figures"]?.elements ?? [] {
        if let s = x.string, let fig = Figure(rawValue: s), fig.isRuleBookFigure {
          error(f, x.offset, "\(what): \(fig) is a figure of the rule book (one value per date), which precedence does not decide")
        } else if let s = x.string, let fig = Figure(rawValue: s) {
          figures.append(fig)
        } else {
          error(f, x.offset, "\(what): unknown figure (allowed: \(Figure.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
      }
      if figures.isEmpty { error(f, r.offset, "\(what) needs \"figures\"") }
      let kinds = r["kinds"]?.elements?.compactMap(\.string) ?? []
      var unless: Condition?
      if let u = r["unless"] { unless = compileCondition(f, u, allowOptions: true).0 }
      let st = status(f, r, what)
      guard let cit = citation(f, r, instrument: inst, what: what) else { continue }
      rules.precedence.append(
        CompiledPrecedence(
          id: id, winner: rules.instruments[inst].regime, loser: rules.instruments[loser].regime, figures: figures, kinds: kinds,
          unless: unless, citation: cit, status: st, note: r["note"]?.string ?? ""))
    }
  }

  mutating func readSettings(_ f: Int) {
    guard let inst = files[f].instrument, let list = files[f].root["settings"] else { return }
    for s in list.elements ?? [] {
      guard let key = s["option"]?.string, let value = s["value"]?.string else {
        error(f, s.offset, "a setting needs {\"option\": key, \"value\": value}")
        continue
      }
      guard let oi = rules.optionIndex[key] else {
        error(f, s.offset, "setting of unknown option \"\(key)\"")
        continue
      }
      guard let vi = rules.options[oi].values.firstIndex(of: value) else {
        error(f, s.offset, "option \(key) has no value \"\(value)\" (values: \(rules.options[oi].values.joined(separator: ", ")))")
        continue
      }
      rules.instruments[inst].settings.append((oi, vi))
    }
  }

  /// A fraction's text names its target's citation, known only once every provision is compiled
  /// (a file may sort before the one its target is in: `eu-cv/…` names `vc.16.1` of `eu/…`).
  mutating func describeFractions() {
    for (i, p) in rules.provisions.enumerated() {
      for (j, v) in p.versions.enumerated() {
        guard case .fractionOf = v.value, j < rules.publicProvisions[i].versions.count else { continue }
        rules.publicProvisions[i].versions[j].value = v.value.describe(p.figure, rules: rules)
      }
    }
  }

}
