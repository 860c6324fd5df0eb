import Foundation
import Testing
import VisaRules

/// `Codable` reads and writes exactly the JSON contract, through the contract's one reader and
/// one writer: the same applications, the same decisions, the same errors.
struct CodableTests {
  static let book = PathAgreementTests.book

  /// An app's own request type holding an application.
  struct Envelope: Codable {
    var requestID: Int
    var application: Application
  }

  /// An app's own response type holding a decision.
  struct Response: Encodable {
    var requestID: Int
    var decision: Decision
  }

  @Test func decodingAnApplicationEqualsTheContractReader() throws {
    var decoded = 0
    var rejected = 0
    var worded = 0
    var same = 0
    for line in PathAgreementTests.lines {
      let expected = Result { () throws(VisaRulesError) in try Application(json: line) }
      let viaCodable = Result { try JSONDecoder().decode(Application.self, from: Data(line.utf8)) }
      switch (expected, viaCodable) {
      case (.success(let a), .success(let b)):
        #expect(a == b, "\(line)")
        decoded += 1
      case (.failure(let a), .failure(let b)) where a.kind != .malformedJSON:
        // Syntax errors are Foundation's to report; every other error is the contract's.
        rejected += 1
        if let b = b as? VisaRulesError {
          worded += 1
          if b == a { same += 1 }
        }
      case (.failure(let a), .success):
        // Foundation accepts some bytes the contract reader calls malformed (duplicate keys).
        #expect(a.kind == .malformedJSON, "\(line)")
      case (.success, .failure(let b)):
        Issue.record("the contract reader accepts, Codable rejects (\(b)): \(line)")
      default:
        break
      }
    }
    #expect(decoded > 500)
    #expect(rejected > 150)
    // A Decoder gives an object's keys in no set order, so where a line holds two errors the
    // one reported first may differ; a line with one error gets the very same error.
    #expect(worded * 100 >= rejected * 95, "\(worded) of \(rejected) rejections are VisaRulesErrors")
    #expect(same * 100 >= rejected * 85, "\(same) of \(rejected) rejections are the reader's very error")
  }

  @Test func aSingleErrorIsTheReadersVeryError() throws {
    let text = try String(contentsOfFile: Package.root.path + "/Examples/applications/tourist-2021.json", encoding: .utf8)
    let edits = [
      ("\"2021-03-15\"", "\"2021-02-30\""), ("\"tourism\"", "42"), ("\"ordinary\"", "[\"ordinary\"]"),
      ("\"entries\": \"single\", \"kind\": \"uniform\"", "\"entries\": \"twice\", \"kind\": \"uniform\""),
      ("\"lodgedIn\": \"RU\",", "\"lodgedIn\": \"RU\", \"colour\": 1,"), ("\"destination\": \"NL\",", ""),
    ]
    for (from, to) in edits {
      let bad = text.replacingOccurrences(of: from, with: to)
      #expect(bad != text)
      let expected = Result { () throws(VisaRulesError) in try Application(json: bad) }
      let viaCodable = Result { try JSONDecoder().decode(Application.self, from: Data(bad.utf8)) }
      guard case .failure(let a) = expected, case .failure(let b) = viaCodable else {
        Issue.record("not rejected: \(to)")
        continue
      }
      #expect(b as? VisaRulesError == a, "\(to)")
    }
  }

  @Test func encodingAnApplicationReadsBackTheSame() throws {
    var count = 0
    for line in PathAgreementTests.lines {
      guard let application = try? Application(json: line) else { continue }
      let data = try JSONEncoder().encode(application)
      let back = try Application(json: String(decoding: data, as: UTF8.self))
      #expect(back == application, "\(line)")
      #expect(try JSONDecoder().decode(Application.self, from: data) == application)
      count += 1
    }
    #expect(count > 500)
  }

  @Test func encodingADecisionWritesTheContract() throws {
    var count = 0
    for line in PathAgreementTests.lines {
      guard let application = try? Application(json: line), let decision = try? Self.book.evaluate(application) else { continue }
      let viaCodable = try JSONSerialization.jsonObject(with: JSONEncoder().encode(decision)) as! NSDictionary
      let viaContract = try JSONSerialization.jsonObject(with: Data(decision.json().utf8)) as! NSDictionary
      #expect(viaCodable == viaContract, "\(line)")
      count += 1
    }
    #expect(count > 400)
  }

  @Test func errorsInsideAnotherTypeNameTheWholePath() throws {
    let text = """
      {"requestID": 7, "application": {"lodgingDate": "2021-03-15", "destination": "NL", "lodgedIn": "RU",
       "applicant": {"nationality": "RU", "residence": "RU", "birthDate": "1985-06-20", "categories": [],
                     "travelDocument": {"type": "ordinary", "expiry": "2029-02-30"}},
       "trip": {"purpose": "tourism", "start": "2021-04-20", "end": "2021-04-30"}}}
      """
    #expect {
      try JSONDecoder().decode(Envelope.self, from: Data(text.utf8))
    } throws: { error in
      guard let e = error as? VisaRulesError else { return false }
      return e.kind == .invalidValue && e.field == "application.applicant.travelDocument.expiry" && e.value == "2029-02-30"
        && e.message.contains("\"2029-02-30\" is not a valid date")
    }
  }

  @Test func aDecisionGoesInsideAnAppsOwnResponse() throws {
    let text = try String(contentsOfFile: Package.root.path + "/Examples/applications/tourist-2021.json", encoding: .utf8)
    let decision = try Self.book.evaluate(try Application(json: text))
    let data = try JSONEncoder().encode(Response(requestID: 7, decision: decision))
    let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    let fee = (object["decision"] as! [String: Any])["fee"] as! [String: Any]
    #expect(object["requestID"] as? Int == 7)
    #expect(fee["amount"] as? Int == 35)
    #expect(fee["citation"] as? String == "VFA Art. 6(1)")
  }

  @Test func theApplicationWritesTheContractItReads() throws {
    let text = try String(contentsOfFile: Package.root.path + "/Examples/applications/tourist-2021.json", encoding: .utf8)
    let application = try Application(json: text)
    #expect(try Application(json: application.json()) == application)
    let written = try JSONSerialization.jsonObject(with: Data(application.json(pretty: true).utf8)) as! [String: Any]
    #expect(written["lodgingDate"] as? String == "2021-03-15")
    #expect((written["visaHistory"] as? [Any])?.count == 3)
  }
}
