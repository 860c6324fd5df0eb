// Every call the library makes into the operating system's C library, in one file: the only
// file of the target that names a platform module (Tests/VisaRulesTests/PortabilityTests.swift
// checks it). Each function keeps the C behaviour it wraps; callers never see a C type.
#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The operating system, as the library and the package's `visa` tool use it: file descriptors,
/// files and folders, memory scans, the core count, a clock, a lock. `package` access, so the
/// tool needs no platform file of its own; not part of the library's public API.
package enum Platform {
  // MARK: File descriptors

  /// Reads up to `count` bytes into `buffer`; the count read (0 at the end), or -1 with
  /// ``lastError`` set. Retries on EINTR.
  package static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
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

  /// Writes up to `count` bytes; the count written, or -1 with ``lastError`` set. Retries on
  /// EINTR.
  package static func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
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

  /// Opens a file for reading; its descriptor, or -1 with ``lastError`` set.
  package static func openForReading(_ path: String) -> Int32 {
    open(path, O_RDONLY)
  }

  /// Closes a descriptor.
  package static func close(_ fd: Int32) {
    #if canImport(Darwin)
      _ = Darwin.close(fd)
    #elseif canImport(Glibc)
      _ = Glibc.close(fd)
    #elseif canImport(Musl)
      _ = Musl.close(fd)
    #endif
  }

  /// The C library's description of the last failed call (`strerror(errno)`).
  package static var lastError: String { String(cString: strerror(errno)) }

  /// Creates or truncates a file for writing; its descriptor, or -1 with ``lastError`` set.
  package static func openForWriting(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  }

  /// The size in bytes of the regular file open on `fd`, or nil (a pipe, a terminal).
  package static func fileSize(_ fd: Int32) -> Int? {
    var st = stat()
    guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(st.st_size)
  }

  /// Whether a descriptor is a terminal.
  package static func isTerminal(_ fd: Int32) -> Bool {
    isatty(fd) == 1
  }

  // MARK: Process

  /// Whole seconds since 1970-01-01T00:00:00Z (the wall clock, for "today").
  package static func secondsSinceEpoch() -> Int {
    Int(time(nil))
  }

  /// Seconds on a monotonic clock.
  package static func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }

  /// Ends the process with a status.
  package static func exit(_ status: Int32) -> Never {
    #if canImport(Darwin)
      Darwin.exit(status)
    #elseif canImport(Glibc)
      Glibc.exit(status)
    #elseif canImport(Musl)
      Musl.exit(status)
    #endif
  }

  // MARK: Files and folders

  /// What a path names, following symbolic links; nil when it names nothing readable.
  enum FileKind { case directory, other }

  static func kind(of path: String) -> FileKind? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return (st.st_mode & S_IFMT) == S_IFDIR ? .directory : .other
  }

  /// The names in a folder (without `.` and `..`), or nil when it cannot be opened.
  static func entries(of directory: String) -> [String]? {
    guard let handle = opendir(directory) else { return nil }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafePointer(to: entry.pointee.d_name) { ptr in
        ptr.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
          String(cString: $0)
        }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  // MARK: Memory

  /// The first `byte` in `count` bytes from `p`, or nil (`memchr`).
  @inline(__always) static func find(_ byte: UInt8, in p: UnsafeRawPointer, count: Int) -> UnsafeRawPointer? {
    guard let hit = memchr(p, Int32(byte), count) else { return nil }
    return UnsafeRawPointer(hit)
  }

  /// Whether `count` bytes at `a` and `b` are equal (`memcmp`).
  @inline(__always) static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
    memcmp(a, b, count) == 0
  }

  /// Copies `count` bytes from `source` to `destination`, which do not overlap (`memcpy`).
  @inline(__always) static func copy(_ destination: UnsafeMutableRawPointer, _ source: UnsafeRawPointer, count: Int) {
    _ = memcpy(destination, source, count)
  }

  // MARK: Processors

  /// The number of processors online (at least 1).
  static func coreCount() -> Int {
    let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
    return n > 0 ? n : 1
  }
}

/// A plain mutual-exclusion lock (pthread).
final class Mutex: @unchecked Sendable {
  private let m: UnsafeMutablePointer<pthread_mutex_t>

  init() {
    m = .allocate(capacity: 1)
    m.initialize(to: pthread_mutex_t())
    pthread_mutex_init(m, nil)
  }

  deinit {
    pthread_mutex_destroy(m)
    m.deallocate()
  }

  func lock() { pthread_mutex_lock(m) }
  func unlock() { pthread_mutex_unlock(m) }

  func locked<T>(_ body: () -> T) -> T {
    lock()
    defer { unlock() }
    return body()
  }
}
