import ArgumentParser
import Foundation
import InterchangeCore
import JSONValue
import JSONata

/// `interchange map`: evaluate a JSONata file against an input document.
struct MapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "map", abstract: "Evaluate a JSONata expression file.")

    @Option(help: "The JSONata file.") var expr: String
    @Option(help: "The input JSON file (default: no input).") var input: String?
    @Option(help: "Evaluate N times (for timing); prints the last result once.") var `repeat`: Int = 1
    @Option(help: "A project folder whose functions the expression may call ($lookup over its lookups/, $xref).") var project: String?

    func run() async throws {
        let source = try FileReading.text(expr)
        let expression: JSONataExpression
        do {
            expression = try JSONataExpression(source)
        } catch {
            throw CommandFailure("\(expr): \(error)")
        }
        var document: JSON?
        if let input {
            do {
                document = try JSON.parse(try FileReading.bytes(input))
            } catch let error as JSONParseError {
                throw CommandFailure("\(input): \(error)")
            }
        }
        var functions: [JSONataFunction] = []
        if let project {
            do {
                let loaded = try ProjectLoader.load(from: URL(fileURLWithPath: project), environment: ProcessInfo.processInfo.environment)
                functions = HubFunctions.make(project: loaded, crossReferences: CrossReferenceCache())
            } catch {
                throw CommandFailure("\(project): \(error)")
            }
        }
        var result: JSON?
        let clock = ContinuousClock()
        let started = clock.now
        for _ in 0..<max(1, self.repeat) {
            do {
                result = try expression.evaluate(document, functions: functions)
            } catch {
                throw CommandFailure("\(expr): \(error)")
            }
        }
        let elapsed = clock.now - started
        print(result?.serialized(pretty: true) ?? "(undefined)")
        if self.repeat > 1 {
            let micros = elapsed.timeInterval * 1e6 / Double(self.repeat)
            let tier = expression.answersInFastTier(document, functions: functions)
                ? "fast tier" : expression.runsInFastTier ? "interpreter (the fast tier handed this input back)" : "interpreter"
            FileHandle.standardError.write(Data("\(self.repeat) evaluations, \(String(format: "%.2f", micros)) µs each, \(tier)\n".utf8))
        }
    }
}

/// A failure printed as one line, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum FileReading {
    static func bytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("\(path): file not found") }
        return Array(data)
    }

    static func text(_ path: String) throws -> String {
        String(decoding: try bytes(path), as: UTF8.self)
    }
}

extension Duration {
    var timeInterval: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
