/// The public descriptions of a compiled rule book (``Instrument``, ``Provision``,
/// ``InterpretationOption``, the categories' descriptions): what `visa rules`, the catalogue and
/// the trace show, not what an evaluation needs. A book read from the snapshot compiled into
/// the library reads them on first use (most runs never do); a book the loader compiles holds
/// them from the start.
///
/// Shared by copies of ``CompiledRules`` and copied on write (``CompiledRules`` edits them only
/// while the loader builds the book); reading them is thread-safe.
final class RuleDescriptions: @unchecked Sendable {
  struct Parts {
    var instruments: [Instrument] = []
    var provisions: [Provision] = []
    var options: [InterpretationOption] = []
    var categories: [(Category, String)] = []
  }

  private var value: Parts
  /// Reads the parts, for descriptions not read yet.
  private var pending: (@Sendable () -> Parts)?
  private let lock = Mutex()

  init(_ parts: Parts = Parts()) { value = parts }

  /// Descriptions read by `load` on first use.
  init(lazy load: @escaping @Sendable () -> Parts) {
    value = Parts()
    pending = load
  }

  /// The descriptions (read now if they were not).
  var parts: Parts {
    lock.lock()
    defer { lock.unlock() }
    if let load = pending {
      value = load()
      pending = nil
    }
    return value
  }

  /// Whether they are read already (for tests).
  var isLoaded: Bool {
    lock.lock()
    defer { lock.unlock() }
    return pending == nil
  }

  /// The parts to edit in place: only for a box that the caller alone holds, with no read pending
  /// (``CompiledRules/editableDescriptions()``).
  fileprivate var editable: Parts {
    _read { yield value }
    _modify { yield &value }
  }
}

extension CompiledRules {
  /// The descriptions box, made unique and read, to edit.
  private mutating func editableDescriptions() -> RuleDescriptions {
    if !isKnownUniquelyReferenced(&descriptions) || !descriptions.isLoaded {
      descriptions = RuleDescriptions(descriptions.parts)
    }
    return descriptions
  }

  var publicInstruments: [Instrument] {
    get { descriptions.parts.instruments }
    _modify {
      let box = editableDescriptions()
      yield &box.editable.instruments
    }
  }

  var publicProvisions: [Provision] {
    get { descriptions.parts.provisions }
    _modify {
      let box = editableDescriptions()
      yield &box.editable.provisions
    }
  }

  var publicOptions: [InterpretationOption] {
    get { descriptions.parts.options }
    _modify {
      let box = editableDescriptions()
      yield &box.editable.options
    }
  }

  var categoryDescriptions: [(Category, String)] {
    get { descriptions.parts.categories }
    _modify {
      let box = editableDescriptions()
      yield &box.editable.categories
    }
  }
}
