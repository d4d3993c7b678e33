/// A job's failure, in the domain's terms: what went wrong and what to do about it.
///
/// Jobs throw this (or the adapters' own `IngestError`, `StoreError`, `ModelError`); surfaces map
/// each code to their own vocabulary in one place: the CLI to exit codes, the server to HTTP statuses.
public struct AppError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The input data is unusable: nothing to audit, no engagement counts, too many bad records.
        case badInput = "bad_input"
        /// A named thing (a stored audience) does not exist.
        case notFound = "not_found"
        /// The thing to create exists, or an account belongs to another workspace.
        case conflict
        /// A file could not be opened, read or written.
        case cannotOpen = "cannot_open"
        /// A model file was read but cannot score (wrong schema, version or content).
        case unusableModel = "unusable_model"
    }

    /// The kind of failure.
    public var code: Code
    /// One sentence for a person: what is wrong and, where there is one, the fix.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
