/// The nationalities the synthetic population draws from (``Population``): the four of the
/// original benchmark, weighted as most applications come from them, and every other nationality
/// of the visa list (Annex I and Annex II states and entities of Regulation 2018/1806: HK, MO, TW,
/// PS, XK), each equally likely. Union, EEA and Swiss citizens are left out (they never apply).
/// This is a sampling mix, not law: who needs a visa is decided by the rules.
extension Population {
  /// Russia 30 %, China 10 %, India 10 %, Türkiye 8 %; the remaining 42 % spread evenly over
  /// ``otherNationalities`` (164 codes).
  static let leadingNationalities: [(String, Int)] = [("RU", 300), ("CN", 100), ("IN", 100), ("TR", 80)]

  /// Every other nationality of the visa list, in code order.
  static let otherNationalities: [String] = [
    "AD", "AE", "AF", "AG", "AL", "AM", "AO", "AR", "AU", "AZ", "BA", "BB", "BD", "BF", "BH", "BI",
    "BJ", "BN", "BO", "BR", "BS", "BT", "BW", "BY", "BZ", "CA", "CD", "CF", "CG", "CI", "CL", "CM",
    "CO", "CR", "CU", "CV", "DJ", "DM", "DO", "DZ", "EC", "EG", "ER", "ET", "FJ", "FM", "GA", "GB",
    "GD", "GE", "GH", "GM", "GN", "GQ", "GT", "GW", "GY", "HK", "HN", "HT", "ID", "IL", "IQ", "IR",
    "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KZ", "LA", "LB", "LC",
    "LK", "LR", "LS", "LY", "MA", "MC", "MD", "ME", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MR",
    "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NE", "NG", "NI", "NP", "NR", "NZ", "OM", "PA", "PE",
    "PG", "PH", "PK", "PS", "PW", "PY", "QA", "RS", "RW", "SA", "SB", "SC", "SD", "SG", "SL", "SM",
    "SN", "SO", "SR", "SS", "ST", "SV", "SY", "SZ", "TD", "TG", "TH", "TJ", "TL", "TM", "TN", "TO",
    "TT", "TV", "TW", "TZ", "UA", "UG", "US", "UY", "UZ", "VA", "VC", "VE", "VN", "VU", "WS", "XK",
    "YE", "ZA", "ZM", "ZW",
  ]

  /// A nationality drawn with the weights above.
  static func nationality(_ rng: inout SplitMix64) -> String {
    var r = rng.below(1000)
    for (code, weight) in leadingNationalities {
      if r < weight { return code }
      r -= weight
    }
    return otherNationalities[rng.below(otherNationalities.count)]
  }
}
