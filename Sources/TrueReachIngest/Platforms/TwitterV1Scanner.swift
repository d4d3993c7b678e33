import TrueReachCore

/// A byte-level reader for X v1.1 user records (placeholder until the fast path lands).
enum TwitterV1Scanner {
    static func scan(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Account? { nil }
}
