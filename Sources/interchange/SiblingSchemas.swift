import Foundation
import JSONValue

/// Schemas next to a given file, by `$id`, so references between contracts (`../common/1`) resolve
/// from the command line without the network.
enum SiblingSchemas {
    static func byId(besides paths: [String]) -> [String: JSON] {
        var documents: [String: JSON] = [:]
        for folder in Set(paths.map { ($0 as NSString).deletingLastPathComponent }) {
            let dir = folder.isEmpty ? "." : folder
            for file in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where file.hasSuffix(".json") {
                if let data = FileManager.default.contents(atPath: dir + "/" + file), let json = try? JSON.parse(Array(data)),
                    let id = json["$id"]?.stringValue
                {
                    documents[stripFragment(id)] = json
                }
            }
        }
        return documents
    }

    static func stripFragment(_ uri: String) -> String {
        uri.firstIndex(of: "#").map { String(uri[..<$0]) } ?? uri
    }
}
