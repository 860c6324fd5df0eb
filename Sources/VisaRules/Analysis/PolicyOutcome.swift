/// The figures of one decision that a comparison looks at, each with the citation of the
/// provision that decided it (worded once when the rules were loaded: nothing is formatted per
/// application).
struct PolicyOutcome {
  var fee: Int
  var feeProvision: String
  var waiver: String?
  var validity: Int
  /// The provision that gave the validity; for a single-entry visa that a suspension restricted,
  /// the decision's `restrictedBy` ("citation (id)", the id dropped when a change is worded).
  var validityProvision: String
  var validityRestricted = false
  var standardDays: Int?
  var daysProvision: String?
  var canLodge: Bool
  /// The fee collected: an application that cannot be lodged there and then pays nothing.
  var feeCollected: Int { canLodge ? fee : 0 }
  /// The provision that says whether the application can be lodged there and then, if one does.
  var lodgingProvision: String?
  /// The provision that says no visa is required, when none is.
  var exemptBy: String?

  /// The outcome of verdict `v`, with the texts the decision built from it carries (each
  /// the deciding version's citation as worded at load), without building the decision: a
  /// comparison evaluates every application twice and reads only these figures.
  init(_ v: Evaluator.Verdict, _ e: Evaluator) {
    let rules = e.rules
    func text(_ o: Evaluator.Outcome) -> String { rules.provisions[o.provision].versions[o.version].citationText }
    exemptBy = v.visaRequired.flatMap { $0.number == 1 ? nil : text($0) }
    if let f = v.fee {
      fee = f.number
      feeProvision = text(f)
      waiver = rules.provisions[f.provision].kind == "waiver" ? text(f) : nil
      if v.validityMultiple {
        validity = v.validityMonths ?? 0
        validityProvision = v.validityRuling.map(text) ?? "—"
      } else {
        let restriction = v.validityRestrictedBy.map { "\(rules.suspensions[$0].citation) (\(rules.suspensions[$0].id))" }
        validity = 0
        validityRestricted = restriction != nil
        validityProvision = restriction ?? v.validityRuling.map(text) ?? PolicyOutcome.noEntitlement
      }
      standardDays = v.standard?.number
      daysProvision = v.standard.map(text)
    } else {
      fee = 0
      feeProvision = exemptBy ?? "—"
      waiver = nil
      validity = 0
      validityProvision = exemptBy ?? "—"
    }
    canLodge = v.lodgingAvailable.map { $0.number == 1 } ?? true
    lodgingProvision = v.lodgingAvailable.map(text)
  }

  /// What a single-entry outcome cites when no provision gave or took a multiple-entry visa.
  static let noEntitlement = "no multiple-entry entitlement"

  /// A restriction's citation without the id the decision adds after it (`citation (id)`).
  static func withoutID(_ text: String) -> String {
    guard text.hasSuffix(")"), let open = text.lastIndex(of: "("), open > text.startIndex else { return text }
    let before = text.index(before: open)
    return text[before] == " " ? String(text[..<before]) : text
  }

  /// What differs from `other` (the reform), each with the citations of the deciding provisions
  /// (one citation when both sides cite the same provision).
  func differences(to other: PolicyOutcome) -> [String] {
    var out: [String] = []
    func cited(_ a: String?, _ b: String?) -> String {
      let x = a ?? "—"
      let y = b ?? "—"
      return x == y ? " (\(x))" : " (\(x) → \(y))"
    }
    if fee != other.fee {
      func cite(_ o: PolicyOutcome) -> String { o.exemptBy.map { "no visa required, \($0)" } ?? o.feeProvision }
      out.append("fee \(Money(cents: fee)) → \(Money(cents: other.fee))" + cited(cite(self), cite(other)))
    }
    if validity != other.validity {
      func cite(_ o: PolicyOutcome) -> String {
        if let e = o.exemptBy { return "no visa required, \(e)" }
        return o.validityRestricted ? PolicyOutcome.withoutID(o.validityProvision) : o.validityProvision
      }
      out.append(
        "validity \(PolicyReport.validityLabel(validity)) → \(PolicyReport.validityLabel(other.validity))"
          + cited(cite(self), cite(other)))
    }
    if standardDays != other.standardDays {
      out.append(
        "decision \(standardDays.map { "\($0) days" } ?? "none") → \(other.standardDays.map { "\($0) days" } ?? "none")"
          + cited(daysProvision, other.daysProvision))
    }
    if canLodge != other.canLodge {
      func lodge(_ can: Bool) -> String { can ? "can be lodged" : "cannot be lodged" }
      out.append("\(lodge(canLodge)) → \(lodge(other.canLodge))" + cited(lodgingProvision, other.lodgingProvision))
    }
    return out
  }
}
