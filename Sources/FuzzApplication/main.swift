// libFuzzer target: bytes → an application → a decision.
//
// Each input is fed to the application decoder (`Application(jsonBytes:)`), then, when it
// decodes, evaluated against the built-in rules (with the trace and the alternatives), and the
// same bytes are fed to the JSON Lines path (`RuleBook.evaluateLine`). Nothing may crash, and
// the two paths must agree on whether the input yields a decision and on the decision itself.
//
// Built for fuzzing by `Scripts/fuzz.sh` (`-sanitize=fuzzer -D FUZZING`): the program hands
// over to libFuzzer's driver, which calls `LLVMFuzzerTestOneInput`. In a normal `swift build`
// (no libFuzzer) it is a plain program that runs the files named on its command line through
// the same code, to replay a crash.
import VisaRules

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

let fuzzBook: RuleBook = {
  do throws(VisaRulesError) { return try RuleBook.builtIn() } catch { fatalError("built-in rules: \(error)") }
}()

func fuzzApplication(_ bytes: UnsafeBufferPointer<UInt8>) {
  var decided: String?
  do throws(VisaRulesError) {
    let application = try Application(jsonBytes: bytes)
    let full = try fuzzBook.evaluate(application, options: EvaluationOptions(trace: true, alternatives: true))
    _ = full.json(pretty: true)
    _ = full.text
    decided = try fuzzBook.evaluate(application, options: .batch).json()
  } catch {
    _ = error.description
    _ = error.json
  }
  // The JSON Lines path must give the same answer as the library path.
  let (output, ok) = fuzzBook.evaluateLine(bytes, lineNumber: 1)
  let line = String(decoding: output, as: UTF8.self)
  if let decided {
    precondition(ok && line == decided, "evaluateLine disagrees with evaluate:\n\(line)\n\(decided)")
  } else {
    precondition(!ok && line.hasPrefix("{\"line\":1,"), "evaluateLine gave a decision where evaluate failed:\n\(line)")
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  fuzzApplication(UnsafeBufferPointer(start: data, count: size))
  return 0
}

#if FUZZING
  // libFuzzer's own `main` is not linked: SwiftPM makes this file's top-level code the
  // program's `main`, so hand over to libFuzzer's driver from here.
  @_silgen_name("LLVMFuzzerRunDriver")
  func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
  ) -> CInt

  var argc = CommandLine.argc
  var argv = CommandLine.unsafeArgv
  exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzTestOneInput))
#else
  // Without libFuzzer: replay the files named on the command line.
  for path in CommandLine.arguments.dropFirst() {
    guard let file = fopen(path, "rb") else {
      print("cannot read \(path)")
      exit(1)
    }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = fread(&buffer, 1, buffer.count, file)
      if n <= 0 { break }
      bytes += buffer[0..<n]
    }
    fclose(file)
    bytes.withUnsafeBufferPointer { fuzzApplication($0) }
    print("\(path): ok")
  }
#endif
