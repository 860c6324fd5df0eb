extension Application {
  /// Decodes an application from the JSON contract (version 1).
  ///
  /// Decoding checks the form of every field; ``validate()`` (which ``RuleBook/evaluate(_:options:)``
  /// runs) checks how the fields fit together. Every problem is reported as a ``VisaRulesError`` naming the field, the value found and
  /// what is allowed: malformed JSON, a missing or mistyped field, an impossible date, a field
  /// the contract does not define. Country codes, categories, purposes and the other open
  /// vocabularies (document types and categories, host relationships, extension grounds,
  /// fast-track schemes: ``RuleBook/vocabulary``) are checked against the rule book when the
  /// application is evaluated, with the same errors as for an application built in Swift.
  public init(json: String) throws(VisaRulesError) {
    var text = json
    let result: Result<Application, VisaRulesError> = text.withUTF8 { bytes in
      do throws(VisaRulesError) { return .success(try Application(jsonBytes: bytes)) } catch { return .failure(error) }
    }
    self = try result.get()
  }

  /// Decodes an application from UTF-8 JSON bytes (see ``init(json:)``), in one pass: the
  /// first problem in document order is reported.
  ///
  /// A UTF-8 byte-order mark before the document is skipped.
  public init(jsonBytes bytes: UnsafeBufferPointer<UInt8>) throws(VisaRulesError) {
    var app = Application.blank
    let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    try Application.decode(bom ? UnsafeBufferPointer(rebasing: bytes[3...]) : bytes, into: &app)
    self = app
  }

  /// Decodes into `app` (from ``blank``); on an error, `app` holds what was read before it
  /// (its `id`, for the error line of a batch).
  /// A batch hands its `strings`, kept from line to line.
  static func decode(
    _ bytes: UnsafeBufferPointer<UInt8>, into app: inout Application, strings: UnsafeMutablePointer<StringCache>? = nil
  ) throws(VisaRulesError) {
    var reader = ContractReader(bytes, strings: strings)
    try reader.document { (r) throws(VisaRulesError) in try r.object(Application.contract, into: &app) }
  }

  /// Decodes into `app`, reused from line to line by a batch (``clearForDecoding()``), with the
  /// batch's `strings`.
  static func decode(
    _ bytes: UnsafeBufferPointer<UInt8>, into app: inout Application, strings: inout StringCache
  ) throws(VisaRulesError) {
    app.clearForDecoding()
    try withUnsafeMutablePointer(to: &strings) { (s) throws(VisaRulesError) in try decode(bytes, into: &app, strings: s) }
  }

  /// Checks what can be checked without the rules: dates in order, a birth date not after the
  /// lodging date, visa records that make sense.
  public func validate() throws(VisaRulesError) {
    if applicant.birthDate > lodgingDate {
      throw VisaRulesError(
        .invalidValue, field: "applicant.birthDate", value: applicant.birthDate.description,
        message: "\"\(applicant.birthDate)\": the birth date is after the lodging date \(lodgingDate)",
        allowed: "a date on or before lodgingDate")
    }
    if trip.end < trip.start {
      throw VisaRulesError(
        .invalidValue, field: "trip.end", value: trip.end.description,
        message: "\"\(trip.end)\": the trip ends before it starts (\(trip.start))", allowed: "a date on or after trip.start")
    }
    if trip.start < lodgingDate && extensionGround == nil {
      throw VisaRulesError(
        .invalidValue, field: "trip.start", value: trip.start.description,
        message: "the trip starts before the lodging date \(lodgingDate): a visa is applied for before the journey",
        allowed: "a date on or after lodgingDate; to extend a visa already issued, give extensionGround")
    }
    for (i, visa) in visaHistory.enumerated() {
      if visa.validUntil < visa.validFrom {
        throw VisaRulesError(
          .invalidValue, field: "visaHistory[\(i)].validUntil", value: visa.validUntil.description,
          message: "\"\(visa.validUntil)\": the visa's validity ends before it starts (\(visa.validFrom))",
          allowed: "a date on or after validFrom")
      }
      if visa.validFrom > lodgingDate {
        throw VisaRulesError(
          .invalidValue, field: "visaHistory[\(i)].validFrom", value: visa.validFrom.description,
          message: "\"\(visa.validFrom)\": the visa history lies after the lodging date \(lodgingDate)",
          allowed: "a visa whose validity starts on or before lodgingDate")
      }
      for (j, stay) in visa.stays.enumerated() {
        if stay.exit < stay.entry {
          throw VisaRulesError(
            .invalidValue, field: "visaHistory[\(i)].stays[\(j)].exit", value: stay.exit.description,
            message: "\"\(stay.exit)\": the exit is before the entry (\(stay.entry))", allowed: "a date on or after entry")
        }
        if stay.entry > lodgingDate {
          throw VisaRulesError(
            .invalidValue, field: "visaHistory[\(i)].stays[\(j)].entry", value: stay.entry.description,
            message: "\"\(stay.entry)\": the stay lies after the lodging date \(lodgingDate)",
            allowed: "a stay that began on or before lodgingDate")
        }
        if j > 0, stay.entry < visa.stays[j - 1].exit {  // re-entry on the day of exit: allowed
          throw VisaRulesError(
            .invalidValue, field: "visaHistory[\(i)].stays[\(j)].entry", value: stay.entry.description,
            message: "the stay overlaps the previous stay (\(visa.stays[j - 1].entry) to \(visa.stays[j - 1].exit))",
            allowed: "stays in date order that do not overlap (one may begin on the day the one before ends)")
        }
      }
    }
  }
}
