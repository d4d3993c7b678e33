/// Where one record lies in a ``RawBatch`` buffer and where it started in the input.
struct RecordSpan: Sendable, Hashable {
    /// Byte range in ``RawBatch/bytes``.
    var start: Int
    var end: Int
    /// 1-based line of the record's first byte.
    var line: Int
    /// 1-based byte column, reported for array elements (one-line arrays would otherwise say nothing).
    var column: Int?
    /// 0-based position of the record among all records of the input (for synthetic ids).
    var index: Int
}

/// A run of complete records sharing one byte buffer: the unit handed to a parsing task.
struct RawBatch: Sendable {
    var bytes: [UInt8]
    var spans: [RecordSpan]
    /// Bytes of the input consumed up to the end of this batch.
    var bytesRead: Int
}
