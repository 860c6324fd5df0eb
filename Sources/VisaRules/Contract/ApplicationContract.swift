/// The application contract (version 1) as tables: for each object, its fields in order,
/// whether each is required, and how its value is read into the model. This is the contract's
/// only description in Swift: ``Application/init(jsonBytes:)`` and every batch path read
/// through it (``ContractReader``).
///
/// Adding a field is one entry in its object's table (and the property it fills).
extension Application {
  static let contract = ContractObject<Application>([
    .optional("id") { (r, a) throws(VisaRulesError) in a.id = try r.idFragment() },
    .required("lodgingDate") { (r, a) throws(VisaRulesError) in a.lodgingDate = try r.date() },
    .required("destination") { (r, a) throws(VisaRulesError) in a.destination = try r.country() },
    .required("lodgedIn") { (r, a) throws(VisaRulesError) in a.lodgedIn = try r.country() },
    .required("applicant") { (r, a) throws(VisaRulesError) in try r.object(Applicant.contract, into: &a.applicant) },
    .required("trip") { (r, a) throws(VisaRulesError) in try r.object(Trip.contract, into: &a.trip) },
    .optional("visaHistory") { (r, a) throws(VisaRulesError) in
      try r.array { (r, _) throws(VisaRulesError) in
        var visa = PreviousVisa.blank
        try r.object(PreviousVisa.contract, into: &visa)
        a.visaHistory.append(visa)
      }
    },
    .optional("extensionGround") { (r, a) throws(VisaRulesError) in
      a.extensionGround = try r.enumeration(ExtensionGround.self)
    },
    .optional("fastTrack") { (r, a) throws(VisaRulesError) in
      var fastTrack = FastTrack(scheme: .orangeCarpet)
      try r.object(FastTrack.contract, into: &fastTrack)
      a.fastTrack = fastTrack
    },
  ])

  /// The value the decoder fills in; every required field is overwritten or reported missing.
  static let blank = Application(
    lodgingDate: LocalDate(dayNumber: 0), destination: "", lodgedIn: "",
    applicant: Applicant(
      nationality: "", residence: "", birthDate: LocalDate(dayNumber: 0),
      travelDocument: TravelDocument(expiry: LocalDate(dayNumber: 0))),
    trip: Trip(purpose: "", start: LocalDate(dayNumber: 0), end: LocalDate(dayNumber: 0)))
}

extension Applicant {
  static let contract = ContractObject<Applicant>([
    .required("nationality") { (r, a) throws(VisaRulesError) in a.nationality = try r.country() },
    .required("residence") { (r, a) throws(VisaRulesError) in a.residence = try r.country() },
    .required("birthDate") { (r, a) throws(VisaRulesError) in a.birthDate = try r.date() },
    // Optional, none by default, as in Swift (`Applicant.init(categories: [])`).
    .optional("categories") { (r, a) throws(VisaRulesError) in
      try r.array(expected: "an array of strings") { (r, _) throws(VisaRulesError) in
        a.categories.append(Category(rawValue: try r.string()))
      }
    },
    .required("travelDocument") { (r, a) throws(VisaRulesError) in
      try r.object(TravelDocument.contract, into: &a.travelDocument)
    },
    .optional("host") { (r, a) throws(VisaRulesError) in
      var host = Host(relationship: .other, nationality: "")
      try r.object(Host.contract, into: &host)
      a.host = host
    },
    .optional("termOfOfficeUntil") { (r, a) throws(VisaRulesError) in a.termOfOfficeUntil = try r.date() },
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
    .required("type") { (r, d) throws(VisaRulesError) in d.type = try r.enumeration(Kind.self) },
    .required("expiry") { (r, d) throws(VisaRulesError) in d.expiry = try r.date() },
    .optional("biometric") { (r, d) throws(VisaRulesError) in d.biometric = try r.bool() },
    .optional("issued") { (r, d) throws(VisaRulesError) in d.issued = try r.date() },
    .optional("category") { (r, d) throws(VisaRulesError) in d.category = Category(rawValue: try r.string()) },
  ])
}

extension Host {
  static let contract = ContractObject<Host>([
    .required("relationship") { (r, h) throws(VisaRulesError) in h.relationship = try r.enumeration(Relationship.self) },
    .required("nationality") { (r, h) throws(VisaRulesError) in h.nationality = try r.country() },
    .optional("residence") { (r, h) throws(VisaRulesError) in h.residence = try r.country() },
    .optional("residenceUntil") { (r, h) throws(VisaRulesError) in h.residenceUntil = try r.date() },
    .optional("dependent") { (r, h) throws(VisaRulesError) in h.dependent = try r.bool() },
  ])
}

extension Trip {
  static let contract = ContractObject<Trip>([
    .required("purpose") { (r, t) throws(VisaRulesError) in t.purpose = try r.string() },
    .required("start") { (r, t) throws(VisaRulesError) in t.start = try r.date() },
    .required("end") { (r, t) throws(VisaRulesError) in t.end = try r.date() },
  ])
}

extension PreviousVisa {
  static let contract = ContractObject<PreviousVisa>([
    .required("validFrom") { (r, v) throws(VisaRulesError) in v.validFrom = try r.date() },
    .required("validUntil") { (r, v) throws(VisaRulesError) in v.validUntil = try r.date() },
    .required("entries") { (r, v) throws(VisaRulesError) in v.entries = try r.enumeration(Entries.self) },
    .optional("kind") { (r, v) throws(VisaRulesError) in v.kind = try r.enumeration(Kind.self) },
    .optional("lawfullyUsed") { (r, v) throws(VisaRulesError) in v.lawfullyUsed = try r.bool() },
    .optional("stays") { (r, v) throws(VisaRulesError) in
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

extension Stay {
  static let contract = ContractObject<Stay>([
    .required("entry") { (r, s) throws(VisaRulesError) in s.entry = try r.date() },
    .required("exit") { (r, s) throws(VisaRulesError) in s.exit = try r.date() },
    .optional("exempt") { (r, s) throws(VisaRulesError) in s.exempt = try r.bool() },
  ])
}

extension FastTrack {
  static let contract = ContractObject<FastTrack>([
    .required("scheme") { (r, f) throws(VisaRulesError) in f.scheme = try r.enumeration(Scheme.self) },
    .optional("registeredSince") { (r, f) throws(VisaRulesError) in f.registeredSince = try r.date() },
  ])
}
