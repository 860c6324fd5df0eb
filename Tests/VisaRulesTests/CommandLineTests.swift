import Foundation
import Testing

/// The `visa` tool end to end: the README commands, exit codes, batch safety.
struct CommandLineTests {
  @Test func readmeCommandEvaluatesTheBundledExample() throws {
    let r = try runVisa(["evaluate", "Examples/applications/tourist-2021.json"])
    #expect(r.code == 0)
    #expect(r.out.contains("35 EUR"))
    #expect(r.out.contains("VFA Art. 6(1)"))
  }

  @Test func jsonOutputFollowsTheContract() throws {
    let r = try runVisa(["evaluate", "Examples/applications/tourist-2021.json", "--json"])
    #expect(r.code == 0)
    let d = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
    #expect(d["schemaVersion"] as? Int == 2)
    let fee = d["fee"] as! [String: Any]
    #expect(fee["amount"] as? Int == 35)
    #expect(fee["currency"] as? String == "EUR")
    #expect(fee["citation"] as? String == "VFA Art. 6(1)")
    #expect(fee["waiver"] is NSNull)
    let decision = d["decision"] as! [String: Any]
    #expect(decision["deadline"] as? String == "2021-03-25")
    #expect(decision["extendedDeadline"] as? String == "2021-04-14")
    let lodging = d["lodging"] as! [String: Any]
    #expect(lodging["withinWindow"] as? Bool == true)
    #expect((d["serviceFeeCap"] as! [String: Any])["amount"] as? Int == 40)
    #expect(d["assumptions"] is [Any])
    #expect(d["warnings"] is [Any])
  }

  @Test func badInputExitsOneWithAClearMessage() throws {
    let r = try runVisa(["evaluate", "-"], stdin: "{\"lodgingDate\": \"2023-02-30\"}")
    #expect(r.code == 1)
    #expect(r.err.contains("lodgingDate"))
    #expect(r.err.contains("2023-02-30"))
  }

  @Test func badUsageExits64() throws {
    #expect(try runVisa(["evaluate", "--nonsense"]).code == 64)
    #expect(try runVisa(["fly"]).code == 64)
    #expect(try runVisa([]).code == 64)
  }

  @Test func jsonErrorsWithJSONFlag() throws {
    let r = try runVisa(["evaluate", "--json", "-"], stdin: "{}")
    #expect(r.code == 1)
    let e = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
    let error = e["error"] as! [String: Any]
    #expect(error["kind"] as? String == "missingField")
    #expect(error["field"] as? String == "lodgingDate")
  }

  @Test func batchKeepsOrderEchoesIdsAndSurvivesBadLines() throws {
    let good = Examples.tourist2021.replacingOccurrences(of: "\n", with: " ")
    var lines: [String] = []
    for i in 0..<500 {
      if i % 97 == 5 {
        lines.append("{\"id\": \(i), \"lodgingDate\": \"bad\"}")
      } else if i == 250 {
        lines.append("not json at all")
      } else {
        lines.append(good.replacingOccurrences(of: "{ ", with: "{\"id\": \(i), ", options: [], range: good.range(of: "{ ")))
      }
    }
    // A truncated final line (no newline, cut JSON) is reported, not dropped.
    let input = lines.joined(separator: "\n") + "\n{\"id\": 500, \"lodgingDate\": \"2021"
    let r = try runVisa(["evaluate", "--jsonl", "-", "--threads", "2"], stdin: input)
    #expect(r.code == 1)
    let out = r.out.split(separator: "\n")
    #expect(out.count == 501)
    for (i, line) in out.enumerated() {
      let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      if i == 250 || i == 500 {
        #expect(obj["line"] as? Int == i + 1)
        #expect(obj["error"] != nil)
      } else if i % 97 == 5 {
        #expect(obj["id"] as? Int == i)
        #expect(obj["line"] as? Int == i + 1)
        #expect((obj["error"] as? [String: Any])?["field"] as? String == "lodgingDate")
      } else {
        #expect(obj["id"] as? Int == i)
        #expect((obj["fee"] as? [String: Any])?["amount"] as? Int == 35)
      }
    }
  }

  @Test func testCommandRunsTheCaseFiles() throws {
    let r = try runVisa(["test"])
    #expect(r.code == 0)
    #expect(r.out.contains(" passed, 0 failed"))
  }

  @Test func rulesCheckPassesOnBuiltIns() throws {
    let r = try runVisa(["rules", "check"])
    #expect(r.code == 0, "\(r.out)")
    #expect(r.out.contains("0 errors"))
  }
}
