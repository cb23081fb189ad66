import ArgumentParser
import Foundation
import Logging

/// JSON-lines log output to standard error: one object per line with level, message and metadata.
struct JSONLinesLogHandler: LogHandler {
    let label: String
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (k, v) in metadata { fields[k] = "\(v)" }
        for (k, v) in event.metadata ?? [:] { fields[k] = "\(v)" }
        var line = "{\"ts\":\"\(ISO8601DateFormatter().string(from: Date()))\",\"level\":\"\(event.level)\",\"msg\":\(Self.quote(event.message.description))"
        for (k, v) in fields.sorted(by: { $0.key < $1.key }) { line += ",\(Self.quote(k)):\(Self.quote(v))" }
        line += "}\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 { out += String(format: "\\u%04x", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}

enum LoggingSetup {
    nonisolated(unsafe) private static var done = false

    /// Bootstraps JSON-lines logging once per process.
    static func bootstrap(level: Logger.Level) -> Logger {
        if !done {
            LoggingSystem.bootstrap { label in
                var handler = JSONLinesLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            done = true
        }
        var logger = Logger(label: "interchange")
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
