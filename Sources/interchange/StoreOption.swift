import ArgumentParser
import Foundation
import InterchangeCore
import InterchangeSQLite

/// `--store sqlite:PATH` or `--store memory`.
enum StoreOption {
    static func open(_ spec: String) throws -> any Store {
        if spec == "memory" { return InMemoryStore() }
        if spec.hasPrefix("sqlite:") {
            let path = String(spec.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw ValidationError("--store sqlite: needs a file path, e.g. sqlite:interchange.sqlite") }
            return try SQLiteStore(path: path)
        }
        throw ValidationError("unknown store \"\(spec)\"; expected sqlite:PATH or memory")
    }
}
