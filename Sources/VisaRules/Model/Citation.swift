/// Where a rule comes from: an instrument and a place in it (article, paragraph, point).
///
/// `description` renders the usual short form, for example `VFA Art. 6(3)(a)` or
/// `Visa Code Art. 16(1) as amended by Regulation (EU) 2024/1415`.
public struct Citation: Hashable, Sendable, CustomStringConvertible {
  /// The id of the instrument the provision belongs to (for example `vfa`, `vc`).
  public var instrument: String
  /// The instrument's short name as it is cited (for example `VFA`, `Visa Code`).
  public var instrumentName: String
  /// The article number, as written (`6`, `24`, `25a`), or `nil` for the whole instrument.
  public var article: String?
  /// The paragraph number (`3`, `2c`), if any.
  public var paragraph: String?
  /// The point (letter) within the paragraph (`a`, `b`), if any.
  public var point: String?
  /// The short name of the act whose wording is cited, when it is not the original text
  /// (for example `Regulation (EU) 2019/1155`).
  public var amendedBy: String?

  /// Creates a citation.
  public init(
    instrument: String, instrumentName: String, article: String? = nil, paragraph: String? = nil,
    point: String? = nil, amendedBy: String? = nil
  ) {
    self.instrument = instrument
    self.instrumentName = instrumentName
    self.article = article
    self.paragraph = paragraph
    self.point = point
    self.amendedBy = amendedBy
  }

  /// The place without the instrument: `Art. 6(3)(a)`.
  public var place: String {
    guard let article else { return "" }
    // Non-legislative sources (guidelines) cite a section name instead of an article number.
    var s = article.first?.isNumber == true ? "Art. \(article)" : article
    if let paragraph { s += "(\(paragraph))" }
    if let point { s += "(\(point))" }
    return s
  }

  /// The usual short form: `VFA Art. 6(3)(a)`, `Visa Code Art. 16(1) as amended by Regulation (EU) 2019/1155`.
  public var description: String {
    var s = instrumentName
    let p = place
    if !p.isEmpty { s += " " + p }
    if let amendedBy { s += " as amended by " + amendedBy }
    return s
  }
}
