// swift-tools-version:6.0
// VisaRules: Schengen short-stay visa law as data, with a rules engine and the `visa` tool.
// No package dependencies: only the Swift toolchain (standard library, Glibc, Dispatch, Swift Testing).
import PackageDescription

let package = Package(
  name: "VisaRules",
  products: [
    .library(name: "VisaRules", targets: ["VisaRules"]),
    .executable(name: "visa", targets: ["visa"]),
  ],
  targets: [
    // The library: the rules engine and its public API. `Rules/` is compiled into it by the
    // EmbedRules plugin, so a copied binary needs no files beside it.
    .target(
      name: "VisaRules",
      dependencies: ["SnapshotFormat"],
      // The built-in rules compiled ahead of time: the plugin embeds this file, it is no source.
      exclude: ["Generated/BuiltInRules.snapshot"],
      plugins: ["EmbedRules"]
    ),
    // The command-line tool: parses arguments, calls the library, prints. Holds no law.
    .executableTarget(
      name: "visa",
      dependencies: ["VisaRules"]
    ),
    // The layout of a rule-book snapshot (its header, numbers and string table), read and written
    // by the library and read by RulesEmbedder, which cannot import the library it builds.
    // Internal to the package: no product names it.
    .target(name: "SnapshotFormat"),
    // Build-time helper: turns the files of `Rules/` into one generated Swift source.
    .executableTarget(name: "RulesEmbedder", dependencies: ["SnapshotFormat"]),
    .plugin(
      name: "EmbedRules",
      capability: .buildTool(),
      dependencies: ["RulesEmbedder"]
    ),
    // Examples: small programs that embed the library, as an app would (see the README,
    // "Examples"). `swift build` builds them; Tests/VisaRulesTests/ExamplesTests.swift runs them.
    .executableTarget(name: "fee-quote", dependencies: ["VisaRules"], path: "Examples/fee-quote"),
    .executableTarget(name: "cascade-timeline", dependencies: ["VisaRules"], path: "Examples/cascade-timeline"),
    .executableTarget(
      name: "consulate-batch", dependencies: ["VisaRules"], path: "Examples/consulate-batch",
      exclude: ["applications.csv"]),
    .executableTarget(name: "overlay-at-runtime", dependencies: ["VisaRules"], path: "Examples/overlay-at-runtime"),
    // libFuzzer targets (Scripts/fuzz.sh builds them with -sanitize=fuzzer -D FUZZING); in a
    // normal build they are small programs that replay the inputs named on their command line.
    .executableTarget(name: "FuzzApplication", dependencies: ["VisaRules"]),
    .executableTarget(name: "FuzzRules", dependencies: ["VisaRules"]),
    .testTarget(
      name: "VisaRulesTests",
      dependencies: ["VisaRules", "SnapshotFormat", "visa", "fee-quote", "cascade-timeline", "consulate-batch", "overlay-at-runtime"],
      // Rule folders the tests load at run time (a broken one, an identity reform).
      exclude: ["Fixtures"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
