import TrueReachCore

/// Accounts, raw label values and issues decoded from one ``RawBatch``.
struct DecodedBatch: Sendable {
    var accounts: [Account] = []
    /// The raw label cell of each account (parallel to `accounts`), when a label column was asked for.
    var labels: [String?] = []
    var issues: [IngestIssue] = []
    var bytesRead = 0
}
