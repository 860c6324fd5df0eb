/// Minimal file access on the C library, so the library needs no Foundation.
enum FileSystem {
  /// Reads a whole file as bytes.
  static func read(_ path: String) throws(VisaRulesError) -> [UInt8] {
    let fd = Platform.openForReading(path)
    guard fd >= 0 else {
      throw VisaRulesError(.io, value: path, message: "cannot read \(path): \(Platform.lastError)")
    }
    defer { Platform.close(fd) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { Platform.read(fd, $0.baseAddress!, $0.count) }
      if n < 0 {
        throw VisaRulesError(.io, value: path, message: "error reading \(path): \(Platform.lastError)")
      }
      if n == 0 { break }
      out.append(contentsOf: buffer[0..<n])
    }
    return out
  }

  /// Writes a whole file (created or truncated).
  static func write(_ bytes: [UInt8], to path: String) throws(VisaRulesError) {
    let fd = Platform.openForWriting(path)
    guard fd >= 0 else {
      throw VisaRulesError(.io, value: path, message: "cannot write \(path): \(Platform.lastError)")
    }
    defer { Platform.close(fd) }
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { Platform.write(fd, $0.baseAddress! + offset, $0.count - offset) }
      guard n > 0 else {
        throw VisaRulesError(.io, value: path, message: "error writing \(path): \(Platform.lastError)")
      }
      offset += n
    }
  }

  static func isDirectory(_ path: String) -> Bool {
    Platform.kind(of: path) == .directory
  }

  static func exists(_ path: String) -> Bool {
    Platform.kind(of: path) != nil
  }

  /// Every regular file below `directory` whose name ends in `suffix`, sorted by path.
  static func files(under directory: String, suffix: String) throws(VisaRulesError) -> [String] {
    guard isDirectory(directory) else {
      throw VisaRulesError(.io, value: directory, message: "\(directory) is not a directory")
    }
    var out: [String] = []
    var stack = [directory]
    while let dir = stack.popLast() {
      guard let names = Platform.entries(of: dir) else { continue }
      for name in names where !name.hasPrefix(".") {
        let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
        if isDirectory(path) { stack.append(path) } else if name.hasSuffix(suffix) { out.append(path) }
      }
    }
    return out.sorted()
  }
}

/// Reading rule files from a folder.
enum RuleFiles {
  /// Every rule file below `directory` (`.json`, except the `schema/` and `cases/` folders).
  static func read(directory: String) throws(VisaRulesError) -> [RuleBook.RuleSource] {
    var out: [RuleBook.RuleSource] = []
    for path in try FileSystem.files(under: directory, suffix: ".json") {
      if path.contains("/schema/") || path.contains("/cases/") { continue }
      let bytes = try FileSystem.read(path)
      out.append(RuleBook.RuleSource(path: path, text: String(decoding: bytes, as: UTF8.self)))
    }
    if out.isEmpty {
      throw VisaRulesError(.io, value: directory, message: "no rule files (*.json) below \(directory)")
    }
    return out
  }
}
