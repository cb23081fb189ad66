import Foundation
import Testing

/// Locates the shared third-party conformance suites (`../shared/testsuites` from the package root,
/// or `INTERCHANGE_TESTSUITES`). Tests skip with a notice when they are absent.
public enum TestSuites {
    /// The package root, derived from this file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folder of one suite, or `nil` (with a printed notice) when it is not available.
    public static func directory(_ name: String) -> URL? {
        let base: URL
        if let override = ProcessInfo.processInfo.environment["INTERCHANGE_TESTSUITES"] {
            base = URL(fileURLWithPath: override)
        } else {
            base = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testsuites")
        }
        let url = base.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if required {
                Issue.record("test suite \(name) not found at \(url.path): CI must run every conformance suite")
            } else {
                print("notice: test suite \(name) not found at \(url.path); skipping its conformance tests")
            }
            return nil
        }
        return url
    }

    /// Whether a missing suite is a failure rather than a skip: in CI (`CI` set), every suite must run.
    public static var required: Bool { ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false }

    /// The cases of `suite` known to fail, one per line of the fenced block tagged `known-failures SUITE`
    /// in `docs/conformance-skips.md`, where each is explained. Conformance tests require the failing
    /// cases to be exactly these: a new failure, or a known one that now passes, fails the test.
    public static func knownFailures(_ suite: String) -> Set<String> {
        let doc = packageRoot.appendingPathComponent("docs/conformance-skips.md")
        guard let text = try? String(contentsOf: doc, encoding: .utf8) else { return [] }
        var found: Set<String> = []
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inBlock = !inBlock && line.dropFirst(3).trimmingCharacters(in: .whitespaces) == "known-failures \(suite)"
                continue
            }
            if inBlock, !line.trimmingCharacters(in: .whitespaces).isEmpty { found.insert(line.trimmingCharacters(in: .whitespaces)) }
        }
        return found
    }

    /// Whether the suite folder exists (for `.enabled(if:)` traits).
    public static func isAvailable(_ name: String) -> Bool { directory(name) != nil }

    /// Files below `url` with the given extension, sorted, recursively.
    public static func files(in url: URL, ext: String) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil) else { return [] }
        var found: [URL] = []
        for case let file as URL in enumerator where file.pathExtension == ext { found.append(file) }
        return found.sorted { $0.path < $1.path }
    }

    /// The example project shipped in the repository.
    public static var exampleProject: URL { packageRoot.appendingPathComponent("examples/order-to-cash") }
}
