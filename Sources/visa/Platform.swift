// Every call the `visa` tool makes into the operating system's C library, in one file: the
// only file of the target that names a platform module (see PortabilityTests).
#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The operating system, as the tool uses it.
enum Platform {
  /// Opens a file for reading; its descriptor, or -1 (see ``lastError``).
  static func openForReading(_ path: String) -> Int32 {
    open(path, O_RDONLY)
  }

  /// Creates or truncates a file for writing; its descriptor, or -1 (see ``lastError``).
  static func openForWriting(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  }

  /// Closes a descriptor.
  static func close(_ fd: Int32) {
    #if canImport(Darwin)
      _ = Darwin.close(fd)
    #elseif canImport(Glibc)
      _ = Glibc.close(fd)
    #elseif canImport(Musl)
      _ = Musl.close(fd)
    #endif
  }

  /// Reads up to `count` bytes; the count read (0 at the end) or -1. Retries on EINTR.
  static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    while true {
      #if canImport(Darwin)
        let n = Darwin.read(fd, buffer, count)
      #elseif canImport(Glibc)
        let n = Glibc.read(fd, buffer, count)
      #elseif canImport(Musl)
        let n = Musl.read(fd, buffer, count)
      #endif
      if n < 0 && errno == EINTR { continue }
      return n
    }
  }

  /// Writes up to `count` bytes; the count written or -1. Retries on EINTR.
  static func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    while true {
      #if canImport(Darwin)
        let n = Darwin.write(fd, buffer, count)
      #elseif canImport(Glibc)
        let n = Glibc.write(fd, buffer, count)
      #elseif canImport(Musl)
        let n = Musl.write(fd, buffer, count)
      #endif
      if n < 0 && errno == EINTR { continue }
      return n
    }
  }

  /// The C library's description of the last failed call.
  static var lastError: String { String(cString: strerror(errno)) }

  /// The size in bytes of the regular file open on `fd`, or nil (a pipe, a terminal).
  static func fileSize(_ fd: Int32) -> Int? {
    var st = stat()
    guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(st.st_size)
  }

  /// Whether a descriptor is a terminal.
  static func isTerminal(_ fd: Int32) -> Bool {
    isatty(fd) == 1
  }

  /// Seconds on a monotonic clock.
  static func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }

  /// Ends the process with a status.
  static func exit(_ status: Int32) -> Never {
    #if canImport(Darwin)
      Darwin.exit(status)
    #elseif canImport(Glibc)
      Glibc.exit(status)
    #elseif canImport(Musl)
      Musl.exit(status)
    #endif
  }
}
