// Lists the public symbols of a symbol graph that are declared in the sources but carry no
// documentation comment of their own: `swift Scripts/undocumented-symbols.swift FILE.symbols.json`.
// Used by Scripts/build-docs.sh. Prints one `path:line: kind Type.member` per symbol; nothing
// when every symbol is documented.
import Foundation

guard CommandLine.arguments.count == 2,
  let data = FileManager.default.contents(atPath: CommandLine.arguments[1]),
  let graph = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
  let symbols = graph["symbols"] as? [[String: Any]],
  let module = (graph["module"] as? [String: Any])?["name"] as? String
else {
  FileHandle.standardError.write(Data("usage: undocumented-symbols FILE.symbols.json (a readable symbol graph)\n".utf8))
  exit(2)
}

var lines: [String] = []
for symbol in symbols {
  // Compiler-synthesised members (==, hashValue, init(rawValue:), …) have no location.
  guard let location = symbol["location"] as? [String: Any] else { continue }
  let doc = symbol["docComment"] as? [String: Any]
  let ownModule = doc?["module"] as? String ?? module
  let text = ((doc?["lines"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }.joined()
  if doc != nil && ownModule == module && !text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
  let uri = location["uri"] as? String ?? "?"
  let path = uri.range(of: "/Sources/").map { "Sources/" + uri[$0.upperBound...] } ?? uri
  let line = ((location["position"] as? [String: Any])?["line"] as? Int ?? 0) + 1
  let kind = (symbol["kind"] as? [String: Any])?["displayName"] as? String ?? "symbol"
  let name = (symbol["pathComponents"] as? [String] ?? []).joined(separator: ".")
  lines.append("\(path):\(line): \(kind) \(name)")
}
for line in lines.sorted() { print(line) }
