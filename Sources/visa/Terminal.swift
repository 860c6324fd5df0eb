import VisaRules

/// Exit codes of the `visa` tool.
enum ExitCode: Int32 {
  /// Success.
  case ok = 0
  /// Bad input or bad rules (or, in batch and test runs, at least one failing line or case).
  case failure = 1
  /// Bad usage: unknown command or option, missing argument (EX_USAGE).
  case usage = 64
}

/// A failure that ends the command with an exit code and a message on standard error.
struct Failure: Error {
  var code: ExitCode
  var message: String
  var json: String?

  static func usage(_ message: String) -> Failure { Failure(code: .usage, message: message) }
  static func input(_ e: VisaRulesError) -> Failure { Failure(code: .failure, message: e.description, json: e.json) }
}

enum Terminal {
  static func out(_ text: String) {
    var t = text
    if !t.hasSuffix("\n") { t += "\n" }
    writeAll(Array(t.utf8), fd: 1)
  }

  static func err(_ text: String) {
    var t = text
    if !t.hasSuffix("\n") { t += "\n" }
    writeAll(Array(t.utf8), fd: 2)
  }

  static func writeAll(_ bytes: [UInt8], fd: Int32) {
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { Platform.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
      if n <= 0 { return }
      offset += n
    }
  }

  /// Reads the command's input: the file `path`, or standard input for `-` or when no file was
  /// given; in that last case, on a terminal, says so first (a command would otherwise seem to
  /// hang). A UTF-8 byte-order mark at the start is dropped.
  static func input(_ path: String?, what: String) throws(Failure) -> [UInt8] {
    if path == nil && Platform.isTerminal(0) {
      err("Reading \(what) from standard input (end with Ctrl-D), as no FILE was given.")
    }
    var bytes = try read(path ?? "-")
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    return bytes
  }

  /// Reads a file, or standard input for `-`.
  static func read(_ path: String) throws(Failure) -> [UInt8] {
    let fd: Int32 = path == "-" ? 0 : Platform.openForReading(path)
    if fd < 0 {
      throw Failure(code: .failure, message: "cannot read \(path): \(Platform.lastError)")
    }
    defer { if fd != 0 { Platform.close(fd) } }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { Platform.read(fd, $0.baseAddress!, $0.count) }
      if n < 0 {
        throw Failure(code: .failure, message: "cannot read \(path): \(Platform.lastError)")
      }
      if n == 0 { break }
      out.append(contentsOf: buffer[0..<n])
    }
    return out
  }

  static func now() -> Double { Platform.now() }
}
