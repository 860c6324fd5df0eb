/// The application contract as tables: for each object, its fields in order, whether each is
/// required, how its value is written from the model (for `Codable`) and how it is read into
/// it. This is the contract's only description in Swift: ``Application/init(jsonBytes:)``,
/// every batch path (``ContractReader``) and `Application`'s `Codable` conformance go through it.
///
/// Adding a field is one entry in its object's table (and the property it fills).
extension Application {
  static let contract = ContractObject<Application>([
    .optional("id", { $0.id.flatMap { try? JSONParser.parse($0) } }) { (r, a) throws(VisaRulesError) in a.id = try r.idFragment() },
    .required("lodgingDate", { .day($0.lodgingDate) }) { (r, a) throws(VisaRulesError) in a.lodgingDate = try r.date() },
    .required("destination", { .text($0.destination.rawValue) }) { (r, a) throws(VisaRulesError) in
      a.destination = try r.country()
    },
    .required("lodgedIn", { .text($0.lodgedIn.rawValue) }) { (r, a) throws(VisaRulesError) in
      a.lodgedIn = try r.country()
    },
    .required("applicant", { Applicant.contract.tree($0.applicant) }) { (r, a) throws(VisaRulesError) in
      try r.object(Applicant.contract, into: &a.applicant)
    },
    .required("trip", { Trip.contract.tree($0.trip) }) { (r, a) throws(VisaRulesError) in try r.object(Trip.contract, into: &a.trip) },
    .optional("visaHistory", { $0.visaHistory.isEmpty ? nil : .list($0.visaHistory.map(PreviousVisa.contract.tree)) }) {
      (r, a) throws(VisaRulesError) in
      try r.array { (r, i) throws(VisaRulesError) in
        if i == 0 { a.visaHistory.reserveCapacity(4) }  // one allocation for most histories
        // Read in place: no copy of the visa once read.
        a.visaHistory.append(PreviousVisa.blank)
        try r.object(PreviousVisa.contract, into: &a.visaHistory[a.visaHistory.count - 1])
      }
    },
    .optional("extensionGround", { $0.extensionGround.map { .text($0.rawValue) } }) { (r, a) throws(VisaRulesError) in
      a.extensionGround = ExtensionGround(rawValue: try r.string())
    },
    .optional("fastTrack", { $0.fastTrack.map(FastTrack.contract.tree) }) { (r, a) throws(VisaRulesError) in
      var fastTrack = FastTrack(scheme: "")
      try r.object(FastTrack.contract, into: &fastTrack)
      a.fastTrack = fastTrack
    },
  ])

  /// The value the decoder fills in; every required field is overwritten or reported missing.
  /// Made afresh each time (its strings are empty): cheaper than copying a stored one.
  static var blank: Application {
    Application(
      lodgingDate: LocalDate(dayNumber: 0), destination: "", lodgedIn: "",
      applicant: Applicant(
        nationality: "", residence: "", birthDate: LocalDate(dayNumber: 0),
        travelDocument: TravelDocument(expiry: LocalDate(dayNumber: 0))),
      trip: Trip(purpose: "", start: LocalDate(dayNumber: 0), end: LocalDate(dayNumber: 0)))
  }

  /// Makes a decoded application ready to decode the next line into, in place (a batch reuses
  /// one): its optional fields back to ``blank``'s, its arrays emptied with their storage kept.
  /// The required fields keep their values until the decoder overwrites them or reports them
  /// missing (and on an error only `id` is read).
  /// (A field already as in ``blank`` is left alone: assigning it would still destroy the old value.)
  mutating func clearForDecoding() {
    if id != nil { id = nil }
    visaHistory.empty()
    if extensionGround != nil { extensionGround = nil }
    if fastTrack != nil { fastTrack = nil }
    applicant.categories.empty()
    applicant.host = nil
    applicant.termOfOfficeUntil = nil
    applicant.travelDocument.biometric = nil
    applicant.travelDocument.issued = nil
    if applicant.travelDocument.category != .national { applicant.travelDocument.category = .national }
  }
}

extension Applicant {
  static let contract = ContractObject<Applicant>([
    .required("nationality", { .text($0.nationality.rawValue) }) { (r, a) throws(VisaRulesError) in
      a.nationality = try r.country()
    },
    .required("residence", { .text($0.residence.rawValue) }) { (r, a) throws(VisaRulesError) in
      a.residence = try r.country()
    },
    .required("birthDate", { .day($0.birthDate) }) { (r, a) throws(VisaRulesError) in a.birthDate = try r.date() },
    // Optional, none by default, as in Swift (`Applicant.init(categories: [])`).
    .optional("categories", { .list($0.categories.map { .text($0.rawValue) }) }) { (r, a) throws(VisaRulesError) in
      try r.array(expected: "an array of strings") { (r, _) throws(VisaRulesError) in
        a.categories.append(Category(rawValue: try r.string()))
      }
    },
    .required("travelDocument", { TravelDocument.contract.tree($0.travelDocument) }) { (r, a) throws(VisaRulesError) in
      try r.object(TravelDocument.contract, into: &a.travelDocument)
    },
    .optional("host", { $0.host.map(Host.contract.tree) }) { (r, a) throws(VisaRulesError) in
      var host = Host(relationship: "", nationality: "")
      try r.object(Host.contract, into: &host)
      a.host = host
    },
    .optional("termOfOfficeUntil", { $0.termOfOfficeUntil.map(JSONValue.day) }) { (r, a) throws(VisaRulesError) in
      a.termOfOfficeUntil = try r.date()
    },
  ])

  /// Decodes an applicant that another contract embeds as the tree `value` at `field` (the
  /// cascade request), with this contract's reader and wording.
  init(contract value: JSONValue, field: String) throws(VisaRulesError) {
    var w = JSONWriter()
    value.write(to: &w)
    var applicant = Application.blank.applicant
    try w.bytes.withUnsafeBufferPointer { (b) throws(VisaRulesError) in
      var reader = ContractReader(b, field: field)
      try reader.document { (r) throws(VisaRulesError) in try r.object(Applicant.contract, into: &applicant) }
    }
    self = applicant
  }
}

extension TravelDocument {
  /// The travel document's fields: a new one is one more entry here.
  static let contract = ContractObject<TravelDocument>([
    .required("type", { .text($0.type.rawValue) }) { (r, d) throws(VisaRulesError) in d.type = Kind(rawValue: try r.string()) },
    .required("expiry", { .day($0.expiry) }) { (r, d) throws(VisaRulesError) in d.expiry = try r.date() },
    .optional("biometric", { $0.biometric.map(JSONValue.flag) }) { (r, d) throws(VisaRulesError) in d.biometric = try r.bool() },
    .optional("issued", { $0.issued.map(JSONValue.day) }) { (r, d) throws(VisaRulesError) in d.issued = try r.date() },
    .optional("category", { .text($0.category.rawValue) }) { (r, d) throws(VisaRulesError) in
      d.category = Category(rawValue: try r.string())
    },
  ])
}

extension Host {
  static let contract = ContractObject<Host>([
    .required("relationship", { .text($0.relationship.rawValue) }) { (r, h) throws(VisaRulesError) in
      h.relationship = Relationship(rawValue: try r.string())
    },
    .required("nationality", { .text($0.nationality.rawValue) }) { (r, h) throws(VisaRulesError) in
      h.nationality = try r.country()
    },
    .optional("residence", { $0.residence.map { .text($0.rawValue) } }) { (r, h) throws(VisaRulesError) in
      h.residence = try r.country()
    },
    .optional("residenceUntil", { $0.residenceUntil.map(JSONValue.day) }) { (r, h) throws(VisaRulesError) in h.residenceUntil = try r.date()
    },
    .optional("dependent", { .flag($0.dependent) }) { (r, h) throws(VisaRulesError) in h.dependent = try r.bool() },
  ])
}

extension Trip {
  static let contract = ContractObject<Trip>([
    .required("purpose", { .text($0.purpose.rawValue) }) { (r, t) throws(VisaRulesError) in
      t.purpose = Purpose(rawValue: try r.string())
    },
    .required("start", { .day($0.start) }) { (r, t) throws(VisaRulesError) in t.start = try r.date() },
    .required("end", { .day($0.end) }) { (r, t) throws(VisaRulesError) in t.end = try r.date() },
  ])
}

extension PreviousVisa {
  static let contract = ContractObject<PreviousVisa>([
    .required("validFrom", { .day($0.validFrom) }) { (r, v) throws(VisaRulesError) in v.validFrom = try r.date() },
    .required("validUntil", { .day($0.validUntil) }) { (r, v) throws(VisaRulesError) in v.validUntil = try r.date() },
    .required("entries", { .text($0.entries.rawValue) }) { (r, v) throws(VisaRulesError) in
      v.entries = try r.enumeration(Entries.contractValues)
    },
    .optional("kind", { .text($0.kind.rawValue) }) { (r, v) throws(VisaRulesError) in v.kind = try r.enumeration(Kind.contractValues) },
    .optional("lawfullyUsed", { $0.lawfullyUsed.map(JSONValue.flag) }) { (r, v) throws(VisaRulesError) in v.lawfullyUsed = try r.bool() },
    .optional("stays", { $0.stays.isEmpty ? nil : .list($0.stays.map(Stay.contract.tree)) }) { (r, v) throws(VisaRulesError) in
      try r.array { (r, _) throws(VisaRulesError) in
        var stay = Stay(entry: LocalDate(dayNumber: 0), exit: LocalDate(dayNumber: 0))
        try r.object(Stay.contract, into: &stay)
        v.stays.append(stay)
      }
    },
  ])

  static var blank: PreviousVisa {
    PreviousVisa(validFrom: LocalDate(dayNumber: 0), validUntil: LocalDate(dayNumber: 0), entries: .single)
  }
}

extension PreviousVisa.Entries {
  static let contractValues = ContractEnumeration<Self>()
}

extension PreviousVisa.Kind {
  static let contractValues = ContractEnumeration<Self>()
}

extension Stay {
  static let contract = ContractObject<Stay>([
    .required("entry", { .day($0.entry) }) { (r, s) throws(VisaRulesError) in s.entry = try r.date() },
    .required("exit", { .day($0.exit) }) { (r, s) throws(VisaRulesError) in s.exit = try r.date() },
    .optional("exempt", { .flag($0.exempt) }) { (r, s) throws(VisaRulesError) in s.exempt = try r.bool() },
  ])
}

extension FastTrack {
  static let contract = ContractObject<FastTrack>([
    .required("scheme", { .text($0.scheme.rawValue) }) { (r, f) throws(VisaRulesError) in f.scheme = Scheme(rawValue: try r.string()) },
    .optional("registeredSince", { $0.registeredSince.map(JSONValue.day) }) { (r, f) throws(VisaRulesError) in
      f.registeredSince = try r.date()
    },
  ])
}
