/// A category of applicant that the law names (a student, a close relative of a resident, …).
///
/// Categories are an open set: the built-in vocabulary is declared in `Rules/vocabulary.json`,
/// and a rule overlay may add its own. The static members are the built-in ids of the JSON
/// contract.
public struct Category: OpenVocabulary {
  /// The category id as it appears in the JSON contract (`student`).
  public var rawValue: String

  /// Creates a category from its id (any id: the rule book checks it when it evaluates).
  public init(rawValue: String) { self.rawValue = rawValue }

  /// Close relatives visiting EU or Russian citizens legally residing in a Member State or Russia.
  public static let closeRelativeOfResident: Category = "closeRelativeOfResident"
  /// Members of official delegations.
  public static let officialDelegation: Category = "officialDelegation"
  /// Members of national and regional governments, parliaments, constitutional and supreme courts.
  public static let governmentOrCourtMember: Category = "governmentOrCourtMember"
  /// Pupils, students, post-graduate students and accompanying teachers travelling to study.
  public static let student: Category = "student"
  /// Disabled persons.
  public static let disabled: Category = "disabled"
  /// The person accompanying a disabled person.
  public static let disabledCompanion: Category = "disabledCompanion"
  /// Travel on humanitarian grounds (urgent medical treatment, funeral, seriously ill relative).
  public static let humanitarian: Category = "humanitarian"
  /// Participants in international youth sports events and their companions.
  public static let youthSportsEvent: Category = "youthSportsEvent"
  /// Participants in international sports events and professional companions.
  public static let sportsEvent: Category = "sportsEvent"
  /// Persons in scientific, cultural and creative artistic activities, exchange programmes.
  public static let scienceCulture: Category = "scienceCulture"
  /// Participants in official exchange programmes of twin cities.
  public static let twinCityExchange: Category = "twinCityExchange"
  /// Business people and representatives of business organisations.
  public static let businessPerson: Category = "businessPerson"
  /// Journalists.
  public static let journalist: Category = "journalist"
  /// Drivers of international cargo and passenger transport.
  public static let driver: Category = "driver"
  /// Members of train, refrigerator and locomotive crews in international trains.
  public static let trainCrew: Category = "trainCrew"
  /// Researchers travelling for scientific research or a scientific conference.
  public static let researcher: Category = "researcher"
  /// Representatives of non-profit organisations attending events organised by non-profits.
  public static let nonProfitEventParticipant: Category = "nonProfitEventParticipant"
  /// Seafarers in the performance of their duties.
  public static let seafarer: Category = "seafarer"
  /// Family members of EU citizens covered by Directive 2004/38 (free movement).
  public static let euFreeMovementFamily: Category = "euFreeMovementFamily"
}
