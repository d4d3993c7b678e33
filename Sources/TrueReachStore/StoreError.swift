/// The one error type the store throws.
///
/// Match on ``code``; ``message`` says what went wrong and what to do, and never contains
/// profile text (handles, bios) or other user data. ``underlying`` keeps the original cause
/// (usually a database error) for logs.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is, for callers to match on.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The database file could not be opened or created.
        case openFailed
        /// The `--database` value is not a usable location (a malformed PostgreSQL URL).
        case invalidLocation
        /// The database server could not be reached or refused the login.
        case connectionFailed
        /// A schema migration failed; the database was left at its previous version.
        case migrationFailed
        /// The named audience or audit does not exist.
        case notFound
        /// A record failed validation in a strict import (the whole import was rolled back).
        case invalidRecord
        /// The same account appeared twice in a strict import (the whole import was rolled back).
        case duplicateProfile
        /// The audience was replaced or deleted while it was being read.
        case concurrentModification
        /// A stored value could not be decoded (a corrupt or newer database).
        case corruptData
        /// Any other database failure (disk full, locked, I/O error).
        case databaseFailed
    }

    /// What kind of failure this is.
    public var code: Code
    /// What went wrong and what to do, without user data.
    public var message: String
    /// The cause, when another error triggered this one.
    public var underlying: (any Error)?
    /// The database path, or the server's redacted URL, when the error concerns one.
    public var path: String?
    /// The 1-based position of the offending record in an import, when known.
    public var recordIndex: Int?

    /// Creates a store error.
    public init(
        code: Code,
        message: String,
        underlying: (any Error)? = nil,
        path: String? = nil,
        recordIndex: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.path = path
        self.recordIndex = recordIndex
    }

    /// One line for logs: code, message, context and the underlying cause.
    public var description: String {
        var text = "StoreError.\(code.rawValue): \(message)"
        if let path { text += " (path: \(path))" }
        if let recordIndex { text += " (record \(recordIndex))" }
        if let underlying { text += " [underlying: \(underlying)]" }
        return text
    }
}
