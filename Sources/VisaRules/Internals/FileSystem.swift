#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Minimal file access on the C library, so the library needs no Foundation.
enum FileSystem {
  /// Reads a whole file as bytes.
  static func read(_ path: String) throws(VisaRulesError) -> [UInt8] {
    guard let file = fopen(path, "rb") else {
      throw VisaRulesError(.io, value: path, message: "cannot read \(path): \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
      if n > 0 { out.append(contentsOf: buffer[0..<n]) }
      if n < buffer.count {
        if ferror(file) != 0 {
          throw VisaRulesError(.io, value: path, message: "error reading \(path)")
        }
        break
      }
    }
    return out
  }

  static func isDirectory(_ path: String) -> Bool {
    var st = stat()
    guard stat(path, &st) == 0 else { return false }
    return (st.st_mode & S_IFMT) == S_IFDIR
  }

  static func exists(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0
  }

  /// Every regular file below `directory` whose name ends in `suffix`, sorted by path.
  static func files(under directory: String, suffix: String) throws(VisaRulesError) -> [String] {
    guard isDirectory(directory) else {
      throw VisaRulesError(.io, value: directory, message: "\(directory) is not a directory")
    }
    var out: [String] = []
    var stack = [directory]
    while let dir = stack.popLast() {
      guard let handle = opendir(dir) else { continue }
      defer { closedir(handle) }
      while let entry = readdir(handle) {
        let name = withUnsafePointer(to: entry.pointee.d_name) { ptr in
          ptr.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name.hasPrefix(".") { continue }
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
