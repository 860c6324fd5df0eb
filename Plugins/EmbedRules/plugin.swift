import Foundation
import PackagePlugin

/// Compiles the package's `Rules/` folder into the `VisaRules` library.
///
/// Every rule file (`Rules/**/*.json`, except the JSON Schema and the test cases) is read by the
/// `RulesEmbedder` tool at build time and written into one generated Swift source, so the
/// built-in rule book travels inside the binary and `Rules/` stays the only source of the law.
@main
struct EmbedRules: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let rules = context.package.directoryURL.appending(path: "Rules")
    let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedRules.swift")
    let inputs = ruleFiles(under: rules)
    return [
      .buildCommand(
        displayName: "Embedding \(inputs.count) rule files from Rules/",
        executable: try context.tool(named: "RulesEmbedder").url,
        arguments: [rules.path(percentEncoded: false), output.path(percentEncoded: false)],
        inputFiles: inputs,
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
