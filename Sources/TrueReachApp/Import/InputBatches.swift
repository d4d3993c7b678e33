import TrueReachCore
import TrueReachIngest

/// The account batches of several inputs read one after another, with a hook that sees every batch.
///
/// Used by the import job, whose store consumes one async sequence inside one write transaction: the
/// hook runs in the consuming task, so it can update progress and issue counts without locks.
struct InputBatches: AsyncSequence {
    typealias Element = [Profile]

    let inputs: [IngestInput]
    let reader: ProfileFileReader
    let observe: (ProfileBatch) -> Void

    struct Iterator: AsyncIteratorProtocol {
        var inputs: ArraySlice<IngestInput>
        let reader: ProfileFileReader
        let observe: (ProfileBatch) -> Void
        var current: AsyncThrowingStream<ProfileBatch, any Error>.AsyncIterator?

        mutating func next() async throws -> [Profile]? {
            while true {
                if current == nil {
                    guard let input = inputs.popFirst() else { return nil }
                    current = reader.batches(input).makeAsyncIterator()
                }
                if let batch = try await current?.next() {
                    observe(batch)
                    return batch.profiles
                }
                current = nil
            }
        }
    }

    func makeAsyncIterator() -> Iterator {
        Iterator(inputs: inputs[...], reader: reader, observe: observe, current: nil)
    }
}
