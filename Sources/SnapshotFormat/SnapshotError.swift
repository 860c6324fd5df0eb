/// Why a rule-book snapshot could not be read: what was wrong and at which byte.
package struct SnapshotError: Error, Sendable, CustomStringConvertible {
  package var offset: Int
  package var message: String

  @usableFromInline package init(offset: Int, message: String) {
    self.offset = offset
    self.message = message
  }

  package var description: String { "rule-book snapshot, byte \(offset): \(message)" }
}
