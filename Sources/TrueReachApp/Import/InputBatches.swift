import TrueReachCore
import TrueReachIngest

/// The account batches of several inputs read one after another, with a hook that sees every batch.
///
/// Used by the import job, whose store consumes one async sequence inside one write transaction: the
/// hook runs in the consuming task, so it can update progress and issue counts without locks.
struct InputBatches: AsyncSequence {
    typealias Element = [Account]

    let inputs: [IngestInput]
    let reader: AccountFileReader
    let observe: (AccountBatch) -> Void

    struct Iterator: AsyncIteratorProtocol {
        var inputs: ArraySlice<IngestInput>
        let reader: AccountFileReader
        let observe: (AccountBatch) -> Void
        var current: AsyncThrowingStream<AccountBatch, any Error>.AsyncIterator?

        mutating func next() async throws -> [Account]? {
            while true {
                if current == nil {
                    guard let input = inputs.popFirst() else { return nil }
                    current = reader.batches(input).makeAsyncIterator()
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
        Iterator(inputs: inputs[...], reader: reader, observe: observe, current: nil)
    }
}
