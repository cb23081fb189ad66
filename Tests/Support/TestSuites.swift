import Foundation

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
            print("notice: test suite \(name) not found at \(url.path); skipping its conformance tests")
            return nil
        }
        return url
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
