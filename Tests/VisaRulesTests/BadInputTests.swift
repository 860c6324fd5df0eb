import Testing
import VisaRules

/// Bad input gets one clear error naming the field, the value and what is allowed.
struct BadInputTests {
  static let valid = Examples.tourist2021

  func error(_ json: String) throws -> VisaRulesError {
    do throws(VisaRulesError) {
      let app = try Application(json: json)
      _ = try RuleBook.builtIn().evaluate(app)
    } catch {
      return error
    }
    Issue.record("no error for \(json.prefix(120))")
    return VisaRulesError(.invalidValue, message: "none")
  }

  @Test func malformedJSON() throws {
    let e = try error("{\"lodgingDate\": \"2021-03-15\",")
    #expect(e.kind == .malformedJSON)
    #expect(e.message.contains("line 1"))
  }

  @Test func notAnObject() throws {
    #expect(try error("[1, 2]").kind == .malformedJSON)
  }

  @Test func missingField() throws {
    let e = try error(Self.valid.replacingOccurrences(of: "\"lodgedIn\": \"RU\",", with: ""))
    #expect(e.kind == .missingField)
    #expect(e.field == "lodgedIn")
  }

  @Test func mistypedField() throws {
    let e = try error(Self.valid.replacingOccurrences(of: "\"destination\": \"NL\"", with: "\"destination\": 5"))
    #expect(e.kind == .invalidValue)
    #expect(e.field == "destination")
    #expect(e.message.contains("expected a string"))
  }

  @Test(arguments: ["2023-02-30", "2021-13-01", "2021-3-15", "15.03.2021", "2021-02-29"])
  func impossibleDate(_ date: String) throws {
    let e = try error(Self.valid.replacingOccurrences(of: "\"2021-03-15\"", with: "\"\(date)\""))
    #expect(e.kind == .invalidValue)
    #expect(e.field == "lodgingDate")
    #expect(e.value == date)
    #expect(e.allowed?.contains("YYYY-MM-DD") == true)
  }

  @Test func unknownCategory() throws {
    let e = try error(Self.valid.replacingOccurrences(of: "\"categories\": []", with: "\"categories\": [\"student\", \"astronaut\"]"))
    #expect(e.kind == .unknownValue)
    #expect(e.field == "applicant.categories[1]")
    #expect(e.value == "astronaut")
    #expect(e.allowed?.contains("closeRelativeOfResident") == true)
  }

  @Test func birthDateAfterLodging() throws {
    let e = try error(Self.valid.replacingOccurrences(of: "\"1985-06-20\"", with: "\"2021-03-16\""))
    #expect(e.kind == .invalidValue)
    #expect(e.field == "applicant.birthDate")
  }

  @Test func lodgingDateOutsideCoverage() throws {
    let e = try error(Self.valid.replacingOccurrences(of: "\"2021-03-15\"", with: "\"2009-03-15\""))
    #expect(e.kind == .notCovered)
    #expect(e.field == "lodgingDate")
    #expect(e.allowed == "a date from 2010-04-05")
  }

  @Test func unknownField() throws {
    let e = try error(Self.valid.replacingOccurrences(of: "\"lodgedIn\"", with: "\"lodgedIN\""))
    #expect(e.kind == .unknownField)
    #expect(e.field == "lodgedIN")
  }

  @Test func unknownDestination() throws {
    let e = try error(Self.valid.replacingOccurrences(of: "\"destination\": \"NL\"", with: "\"destination\": \"GB\""))
    #expect(e.kind == .unknownValue)
    #expect(e.field == "destination")
    #expect(e.allowed?.contains("NL") == true)
  }

  @Test func unknownPurpose() throws {
    let e = try error(Self.valid.replacingOccurrences(of: "\"tourism\"", with: "\"sightseeing\""))
    #expect(e.field == "trip.purpose")
  }

  @Test func badCountryCode() throws {
    let e = try error(Self.valid.replacingOccurrences(of: "\"nationality\": \"RU\"", with: "\"nationality\": \"Russia\""))
    #expect(e.field == "applicant.nationality")
    #expect(e.allowed?.contains("ISO 3166-1") == true)
  }

  @Test func tripEndsBeforeItStarts() throws {
    let e = try error(Self.valid.replacingOccurrences(of: "\"end\": \"2021-04-30\"", with: "\"end\": \"2021-04-01\""))
    #expect(e.field == "trip.end")
  }

  @Test func visaValidityReversed() throws {
    let e = try error(Self.valid.replacingOccurrences(of: "\"validUntil\": \"2019-05-20\"", with: "\"validUntil\": \"2019-04-20\""))
    #expect(e.field == "visaHistory[0].validUntil")
  }

  @Test func unknownOption() throws {
    let app = try Application(json: Self.valid)
    #expect(throws: VisaRulesError.self) {
      _ = try RuleBook.builtIn().evaluate(app, options: EvaluationOptions(options: ["no.such.option": "x"]))
    }
    do throws(VisaRulesError) {
      _ = try RuleBook.builtIn().evaluate(app, options: EvaluationOptions(options: ["fee.vfaVersusVisaCode": "cheapest"]))
      Issue.record("no error")
    } catch {
      #expect(error.allowed == "vfaAmountsStand, lowestAmount")
    }
  }
}
