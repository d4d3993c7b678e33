/// How a file's bytes divide into records, decided from its first bytes.
enum RecordFraming: Sendable, Hashable {
    /// One record per `\n`-terminated line (JSON lines).
    case lines
    /// Elements of one top-level JSON array, split as they stream past.
    case jsonArray
    /// The whole input is one JSON document (a pretty-printed object); read in one piece.
    case document
    /// Delimited records with a header row; quoted fields may hold newlines.
    case csv(delimiter: UInt8)
}
