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

/// The operating system, as the library uses it: file descriptors, files and folders, memory
/// scans, the core count, a lock.
enum Platform {
  // MARK: File descriptors

  /// Reads up to `count` bytes into `buffer`; the count read (0 at the end), or -1 with
  /// ``lastError`` set. Retries on EINTR.
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

  /// Writes up to `count` bytes; the count written, or -1 with ``lastError`` set. Retries on
  /// EINTR.
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

  /// Opens a file for reading; its descriptor, or -1 with ``lastError`` set.
  static func openForReading(_ path: String) -> Int32 {
    open(path, O_RDONLY)
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

  /// The C library's description of the last failed call (`strerror(errno)`).
  static var lastError: String { String(cString: strerror(errno)) }

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
