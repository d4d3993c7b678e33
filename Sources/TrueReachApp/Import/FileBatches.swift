import TrueReachCore
import TrueReachIngest

/// The account batches of several files read one after another, with a hook that sees every batch.
///
/// Used by the import job, whose store consumes one async sequence inside one write transaction: the
/// hook runs in the consuming task, so it can update progress and issue counts without locks.
struct FileBatches: AsyncSequence {
    typealias Element = [Account]

    let files: [String]
    let reader: AccountFileReader
    let observe: (AccountBatch) -> Void

    struct Iterator: AsyncIteratorProtocol {
        var files: ArraySlice<String>
        let reader: AccountFileReader
        let observe: (AccountBatch) -> Void
        var current: AsyncThrowingStream<AccountBatch, any Error>.AsyncIterator?

        mutating func next() async throws -> [Account]? {
            while true {
                if current == nil {
                    guard let file = files.popFirst() else { return nil }
                    current = reader.batches(path: file).makeAsyncIterator()
                }
                if let batch = try await current?.next() {
                    observe(batch)
                    return batch.accounts
                }
                current = nil
            }
        }
    }

    func makeAsyncIterator() -> Iterator {
        Iterator(files: files[...], reader: reader, observe: observe, current: nil)
    }
}
