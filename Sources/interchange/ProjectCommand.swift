import ArgumentParser
import Foundation
import InterchangeCore

/// Loading a project from the command line, with every problem printed.
enum ProjectCommand {
    static func load(_ path: String) throws -> Project {
        do {
            return try ProjectLoader.load(from: URL(fileURLWithPath: path), environment: ProcessInfo.processInfo.environment)
        } catch {
            for problem in error.problems { FileHandle.standardError.write(Data("\(path)/\(problem)\n".utf8)) }
            throw ExitCode(1)
        }
    }
}
