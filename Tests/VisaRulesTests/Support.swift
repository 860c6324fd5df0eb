import Foundation
import Glibc
import VisaRules

/// Paths of the package, found from this file's location.
enum Package {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static var rules: URL { root.appendingPathComponent("Rules") }
  static var examples: URL { root.appendingPathComponent("Examples") }
  static var shared: URL { root.deletingLastPathComponent().appendingPathComponent("shared") }

  /// The `visa` binary built beside the tests.
  static var visaBinary: URL { binary("visa") }

  /// An executable of the package (`visa`, an example such as `fee-quote`) built beside the tests.
  static func binary(_ name: String) -> URL {
    let bundle = Bundle.main.bundleURL
    for dir in [bundle, bundle.deletingLastPathComponent()] {
      let candidate = dir.appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return root.appendingPathComponent(".build/debug/\(name)")
  }

  static func text(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
}

/// Runs the `visa` tool; returns exit code, standard output and standard error.
func runVisa(_ arguments: [String], stdin: String? = nil) throws -> (code: Int32, out: String, err: String) {
  try run(Package.visaBinary, arguments, stdin: stdin)
}

/// Runs an executable in `directory` (the package root unless said); returns exit code, standard
/// output and standard error.
func run(
  _ executable: URL, _ arguments: [String], stdin: String? = nil, directory: URL = Package.root
) throws -> (code: Int32, out: String, err: String) {
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  process.currentDirectoryURL = directory
  let outPipe = Pipe()
  let errPipe = Pipe()
  let inPipe = Pipe()
  process.standardOutput = outPipe
  process.standardError = errPipe
  process.standardInput = inPipe
  try process.run()
  // Feed standard input and drain standard error on other threads, so that no pipe fills up
  // while another is waited on.
  let writer = inPipe.fileHandleForWriting
  let input = Data((stdin ?? "").utf8)
  let group = DispatchGroup()
  DispatchQueue.global().async(group: group) {
    // A plain write loop: FileHandle.write traps on EINTR.
    let fd = writer.fileDescriptor
    input.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          break
        }
        offset += n
      }
    }
    try? writer.close()
  }
  nonisolated(unsafe) var err = Data()
  let errReader = errPipe.fileHandleForReading
  DispatchQueue.global().async(group: group) { err = errReader.readDataToEndOfFile() }
  let out = outPipe.fileHandleForReading.readDataToEndOfFile()
  group.wait()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}

/// A plain adult Russian tourist applying in Russia for the Netherlands; tests vary it.
func tourist(lodged: String, start: String? = nil, birth: String = "1980-05-05") -> Application {
  let lodging = LocalDate(iso: lodged)!
  let tripStart = start.flatMap { LocalDate(iso: $0) } ?? lodging.adding(days: 40)
  return Application(
    lodgingDate: lodging, destination: "NL", lodgedIn: "RU",
    applicant: Applicant(
      nationality: "RU", residence: "RU", birthDate: LocalDate(iso: birth)!, categories: [],
      travelDocument: TravelDocument(type: .ordinary, expiry: LocalDate(iso: "2035-01-01")!)),
    trip: Trip(purpose: "tourism", start: tripStart, end: tripStart.adding(days: 10)))
}
