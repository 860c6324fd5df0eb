/// An open vocabulary the rules declare as a list of `{"id", "description", "articles"}`
/// (`documentTypes`, `hostRelationships`, `extensionGrounds`, `fastTrackSchemes`): the ids in the
/// order declared, across every rule file. An id's index is its bit in the compiled conditions
/// and its number in the evaluator's input.
struct VocabularyList: Sendable {
  /// The most ids a list may hold (its conditions are 8-bit sets).
  static let capacity = 8

  private(set) var ids: [String] = []
  private(set) var descriptions: [String] = []
  private(set) var articles: [String] = []
  /// Each id's UTF-8 length, compared before the id itself.
  private var lengths: [Int] = []

  /// Adds an id (the caller checks it is new and within ``capacity``).
  mutating func append(_ id: String, description: String, articles: String) {
    ids.append(id)
    descriptions.append(description)
    self.articles.append(articles)
    lengths.append(id.utf8.count)
  }

  var count: Int { ids.count }

  /// The index of `id`, or nil: a scan of a handful of short ids, no hashing, no allocation.
  @inline(__always) func index(of id: String) -> Int? {
    let n = id.utf8.count
    for i in 0..<ids.count where lengths[i] == n && ids[i] == id { return i }
    return nil
  }

  /// The ids joined by ", " (an error's `allowed`).
  var list: String { ids.joined(separator: ", ") }
}

/// The vocabularies declared as lists, as the loader gathers them.
struct VocabularyLists: Sendable {
  /// Applicant categories with their descriptions and articles (their ids and bits are
  /// ``CompiledRules/categories``; this list is what ``RuleBook/vocabulary`` shows).
  var categories = VocabularyList()
  /// Trip purposes (`vocabulary.purposes`).
  var purposes = VocabularyList()
  /// Types of travel document (`vocabulary.documentTypes`).
  var documentTypes = VocabularyList()
  /// How an applicant may be related to the host (`vocabulary.hostRelationships`).
  var hostRelationships = VocabularyList()
  /// Grounds of an extension request (`vocabulary.extensionGrounds`).
  var extensionGrounds = VocabularyList()
  /// Fast-track schemes (`vocabulary.fastTrackSchemes`).
  var fastTrackSchemes = VocabularyList()
}

/// The vocabulary lists of a compiled rule book, immutable once read: one reference in
/// ``CompiledRules``, so that copying the rules stays as cheap as it was.
final class SharedVocabularyLists: Sendable {
  let lists: VocabularyLists
  init(_ lists: VocabularyLists) { self.lists = lists }
}

extension CompiledRules {
  /// Trip purposes (`vocabulary.purposes`).
  var purposes: VocabularyList { vocabularyLists.lists.purposes }
  /// Types of travel document (`vocabulary.documentTypes`).
  var documentTypes: VocabularyList { vocabularyLists.lists.documentTypes }
  /// How an applicant may be related to the host (`vocabulary.hostRelationships`).
  var hostRelationships: VocabularyList { vocabularyLists.lists.hostRelationships }
  /// Grounds of an extension request (`vocabulary.extensionGrounds`).
  var extensionGrounds: VocabularyList { vocabularyLists.lists.extensionGrounds }
  /// Fast-track schemes (`vocabulary.fastTrackSchemes`).
  var fastTrackSchemes: VocabularyList { vocabularyLists.lists.fastTrackSchemes }
}
