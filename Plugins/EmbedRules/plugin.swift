import Foundation
import PackagePlugin

/// Compiles the package's `Rules/` folder into the `VisaRules` library.
///
/// Every rule file (`Rules/**/*.json`, except the JSON Schema and the test cases) is read by the
/// `RulesEmbedder` tool at build time and written into one generated Swift source, so the
/// built-in rule book travels inside the binary and `Rules/` stays the only source of the law.
/// The same source holds the built-in rules compiled ahead of time
/// (`Sources/VisaRules/Generated/BuiltInRules.snapshot`, written by `Scripts/update-snapshot.sh`),
/// which the library reads instead of the JSON when it was made from these very rule texts.
@main
struct EmbedRules: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let rules = context.package.directoryURL.appending(path: "Rules")
    let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedRules.swift")
    let snapshot = context.package.directoryURL.appending(path: "Sources/VisaRules/Generated/BuiltInRules.snapshot")
    let inputs = ruleFiles(under: rules)
    let snapshotInputs = FileManager.default.fileExists(atPath: snapshot.path(percentEncoded: false)) ? [snapshot] : []
    return [
      .buildCommand(
        displayName: "Embedding \(inputs.count) rule files from Rules/ and their snapshot",
        executable: try context.tool(named: "RulesEmbedder").url,
        arguments: [rules.path(percentEncoded: false), snapshot.path(percentEncoded: false), output.path(percentEncoded: false)],
        inputFiles: inputs + snapshotInputs,
        outputFiles: [output]
      )
    ]
  }

  private func ruleFiles(under root: URL) -> [URL] {
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
    else { return [] }
    var files: [URL] = []
    for case let url as URL in walker where url.pathExtension == "json" {
      files.append(url)
    }
    return files.sorted { $0.path < $1.path }
  }
}
