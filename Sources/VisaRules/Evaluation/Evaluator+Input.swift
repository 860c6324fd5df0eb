extension Evaluator {
  // MARK: - Input checks

  func checkCoverage(_ app: Application) throws(VisaRulesError) {
    let d = app.lodgingDate
    if !rules.coverage.contains(d) {
      throw VisaRulesError(
        .notCovered, field: "lodgingDate", value: d.description,
        message: "the lodging date is outside the periods the rules cover" + (rules.coverageNote.isEmpty ? "" : " (\(rules.coverageNote))"),
        allowed: "a date from \(rules.coverage.from)" + (rules.coverage.until.map { " to \($0)" } ?? ""))
    }
  }

  /// Checks the caller's options against the rule book.
  func choose(_ userOptions: [String: String]) throws(VisaRulesError) -> ChosenOptions {
    var chosen = ChosenOptions()
    for (key, value) in userOptions.sorted(by: { $0.key < $1.key }) {
      guard let o = rules.optionIndex[key] else {
        throw VisaRulesError(
          .unknownValue, field: "options", value: key,
          message: "unknown option \"\(key)\"" + Suggestions.hint(key, in: rules.options.map(\.key)),
          allowed: rules.options.map(\.key).joined(separator: ", "))
      }
      guard let v = rules.options[o].values.firstIndex(of: value) else {
        throw VisaRulesError(
          .unknownValue, field: "options.\(key)", value: value,
          message: "no value \"\(value)\"" + Suggestions.hint(value, in: rules.options[o].values),
          allowed: rules.options[o].values.joined(separator: ", "))
      }
      chosen.values.append((o, v))
    }
    return chosen
  }

  /// Converts a Swift application into the evaluator's input (visa history into the run),
  /// with the checks that need the rules.
  func prepare(_ app: Application, userOptions: [String: String], trace: Bool) throws(VisaRulesError) -> Run {
    var run = Run(self)
    try load(app, into: &run)
    // The caller's options are checked after the application, as they always were.
    let chosen = try choose(userOptions)
    begin(&run, chosen, trace: trace)
    return run
  }

  /// Starts the evaluation of `app` in a reused working state with options already chosen:
  /// the checks ``RuleBook/evaluate(_:options:)`` makes, in its order, then ``begin(_:_:trace:)``.
  /// The batch and `compare` paths start every line here.
  func start(_ app: Application, _ chosen: ChosenOptions, trace: Bool, in run: inout Run) throws(VisaRulesError) {
    try checkCoverage(app)
    try app.validate()
    try load(app, into: &run)
    begin(&run, chosen, trace: trace)
  }

  /// Puts a Swift application into `run` as the evaluator's input (its visa history too),
  /// with the checks that need the rules; `run` may be reused from an earlier application.
  func load(_ app: Application, into run: inout Run) throws(VisaRulesError) {
    let d = app.lodgingDate
    try checkCoverage(app)
    let codes = try checkCountries(app)
    try checkDestination(app.destination.rawValue, codes.destination, on: d)
    var mask: UInt64 = 0
    for (i, c) in app.applicant.categories.enumerated() {
      if let k = categoryIDs.index(of: c.rawValue) {
        mask |= 1 << UInt64(categoryBits[k])
        continue
      }
      guard let bit = rules.categoryIndex[c.rawValue] else {
        throw VisaRulesError(
          .unknownValue, field: "applicant.categories[\(i)]", value: c.rawValue,
          message: "unknown category \"\(c.rawValue)\"" + Suggestions.hint(c.rawValue, in: rules.categories),
          allowed: rules.categories.joined(separator: ", "))
      }
      mask |= 1 << UInt64(bit)
    }
    let purpose = try index(app.trip.purpose.rawValue, in: rules.vocabularyLists.lists.purposes, field: "trip.purpose", what: "purpose")
    let documentType = try index(
      app.applicant.travelDocument.type.rawValue, in: rules.vocabularyLists.lists.documentTypes, field: "applicant.travelDocument.type")
    if app.extensionGround == nil { try checkShortStay(app.trip, on: d) }
    run.lawfulUseFailures.empty()
    run.historyNotes.empty()
    let visaCount = app.visaHistory.count
    let history = run.scratch.reserveHistory(visaCount)
    if visaCount > 0 {
      // Lawful use is computed only from stays; a history that states it (or gives no stays)
      // needs no calculation and has no failures.
      var needsStays = false
      for v in app.visaHistory where v.lawfullyUsed == nil && !v.stays.isEmpty {
        needsStays = true
        break
      }
      var lawful: [StayHistory.Use] = []
      if needsStays {
        lawful = try StayHistory.lawfulUse(of: app.visaHistory) { () throws(VisaRulesError) in try rules.stayRule(on: d) }
        for (i, use) in lawful.enumerated() {
          if let (day, reason, citation) = use.failure {
            run.lawfulUseFailures.append(
              "visaHistory[\(i)] was not lawfully used: \(reason), on \(day) (\(citation)); it does not count for multiple-entry visas")
          }
        }
      }
      app.visaHistory.withUnsafeBufferPointer { visas in
        for i in 0..<visaCount {
          let v = visas.baseAddress.unsafelyUnwrapped + i
          var duplicate = false
          if visaCount > 1, let note = historyNote(visas, at: i) {
            run.historyNotes.append(note.note)
            duplicate = note.duplicate
          }
          let unused = v.pointee.lawfullyUsed == nil && v.pointee.stays.isEmpty
          if !duplicate && unused {
            run.historyNotes.append(.unstated(i, from: v.pointee.validFrom, until: v.pointee.validUntil))
          }
          let kind: UInt8
          switch v.pointee.kind {
          case .uniform: kind = 0
          case .ltv: kind = 1
          case .airportTransit: kind = 2
          }
          (history + i).initialize(
            to: Facts.HistoryVisa(
              validFrom: v.pointee.validFrom.dayNumber, validUntil: v.pointee.validUntil.dayNumber,
              multiple: v.pointee.entries == .multiple, kind: kind,
              lawfullyUsed: needsStays ? lawful[i].lawful : v.pointee.lawfullyUsed ?? false, unused: unused,
              duplicate: duplicate))
        }
      }
      run.scratch.historyCount = visaCount
    }
    var input = Input(
      lodging: d.dayNumber, destination: codes.destination, lodgedIn: codes.lodgedIn, nationality: codes.nationality,
      residence: codes.residence, birth: app.applicant.birthDate, categories: mask,
      document: UInt8(documentType),
      documentExpiry: app.applicant.travelDocument.expiry.dayNumber, purpose: purpose, tripStart: app.trip.start.dayNumber)
    input.tripEnd = app.trip.end.dayNumber
    input.nationalityText = app.applicant.nationality.rawValue
    let document = app.applicant.travelDocument
    // Index 0 is always `national`, the default: no lookup for it.
    guard
      let docCategory = document.category.rawValue == rules.documentCategories[0]
        ? 0 : rules.documentCategoryIndex[document.category.rawValue]
    else {
      throw VisaRulesError(
        .unknownValue, field: "applicant.travelDocument.category", value: document.category.rawValue,
        message: "unknown travel document category \"\(document.category.rawValue)\"",
        allowed: rules.documentCategories.joined(separator: ", "))
    }
    input.documentCategory = UInt8(docCategory)
    input.biometric = document.biometric.map { $0 ? 2 : 1 } ?? 0
    input.documentIssued = document.issued?.dayNumber
    if let h = app.applicant.host {
      let relationship = try index(
        h.relationship.rawValue, in: rules.vocabularyLists.lists.hostRelationships, field: "applicant.host.relationship")
      input.hostRelationship = UInt8(relationship + 1)
      input.hostNationality = codes.hostNationality
      input.hostResidence = codes.hostResidence
      input.hostDependent = h.dependent
      input.hostResidenceUntil = h.residenceUntil?.dayNumber
    }
    input.termOfOfficeUntil = app.applicant.termOfOfficeUntil?.dayNumber
    if let ft = app.fastTrack {
      input.fastTrackScheme = UInt8(
        try index(ft.scheme.rawValue, in: rules.vocabularyLists.lists.fastTrackSchemes, field: "fastTrack.scheme") + 1)
      input.fastTrackSince = ft.registeredSince?.dayNumber
    }
    if let g = app.extensionGround {
      input.extensionGround = UInt8(try index(g.rawValue, in: rules.vocabularyLists.lists.extensionGrounds, field: "extensionGround") + 1)
    }
    run.input = input
  }

  /// The index of `id` in a vocabulary the rules declare, or an `unknownValue` error naming
  /// the field, the value, the ids allowed and the nearest one ("unknown value" or, with
  /// `what`, "unknown purpose").
  @inline(__always) func index(
    _ id: String, in list: VocabularyList, field: String, what: String = "value"
  ) throws(VisaRulesError) -> Int {
    if let i = list.index(of: id) { return i }
    throw VisaRulesError(
      .unknownValue, field: field, value: id, message: "unknown \(what) \"\(id)\"" + Suggestions.hint(id, in: list.ids),
      allowed: list.list)
  }

}
