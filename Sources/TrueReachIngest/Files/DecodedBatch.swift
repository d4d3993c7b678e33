import TrueReachCore

/// Profiles, raw label values and issues decoded from one ``RawBatch``.
struct DecodedBatch: Sendable {
    var profiles: [Profile] = []
    /// The raw label cell of each account (parallel to `profiles`), when a label column was asked for.
    var labels: [String?] = []
    var issues: [IngestIssue] = []
    var bytesRead = 0
}
