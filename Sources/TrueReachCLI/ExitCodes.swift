import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachConnectors
import TrueReachCore
import TrueReachIngest
import TrueReachReports
import TrueReachServer
import TrueReachStore

/// The documented exit codes, mapped from domain errors in one place.
///
/// | code | meaning |
/// |---|---|
/// | 0 | success |
/// | 1 | any other failure |
/// | 2 | bad input data: too many unreadable records, `--strict` hit one, unknown or empty input |
/// | 3 | a file or the database could not be opened or written |
/// | 4 | a platform could not be read: it kept failing, or answered what its API does not (run the fetch again to continue) |
/// | 64 | usage error (a bad flag or argument) |
enum TrueReachExit {
    static let badInput: Int32 = 2
    static let cannotOpen: Int32 = 3
    static let unavailable: Int32 = 4

    /// Prints the error's message (never a dump) on standard error and returns the exit code for it.
    static func fail(_ error: any Error) -> ExitCode {
        let (code, message) = describe(error)
        // Messages can carry what strangers wrote (a server's error text, a handle, a file name).
        FileHandle.standardError.write(Data(("truereach: " + TerminalText.sanitize(message) + "\n").utf8))
        return ExitCode(code)
    }

    static func describe(_ error: any Error) -> (Int32, String) {
        if let error = error as? IngestError {
            switch error.code {
            case .fileNotFound, .unreadable: return (cannotOpen, error.description)
            default: return (badInput, error.description)
            }
        }
        if let error = error as? StoreError { return (cannotOpen, error.description) }
        if let error = error as? AppError {
            switch error.code {
            case .badInput, .notFound, .conflict: return (badInput, error.message)
            case .cannotOpen: return (cannotOpen, error.message)
            case .unusableModel: return (1, error.message)
            }
        }
        if let error = error as? ConnectorError {
            switch error.code {
            case .refused, .badAccount, .notFound, .hidden: return (badInput, error.message)
            case .unavailable, .tooLarge, .unexpected: return (unavailable, error.message)
            }
        }
        if let error = error as? ModelError { return (1, error.message) }
        if let error = error as? CLIError { return (error.exitCode, error.message) }
        if let error = error as? ServerError {
            return (error.code == .needsUser || error.code == .invalidConfiguration ? badInput : 1, error.message)
        }
        return (1, String(describing: error))
    }
}

/// An operational failure detected by the command layer itself.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32 = 1
    var description: String { message }
}
