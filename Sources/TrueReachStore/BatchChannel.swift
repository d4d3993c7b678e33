import Foundation

/// A small bounded hand-off from an async producer to a blocking consumer.
///
/// An import must be one SQLite transaction, but GRDB runs a transaction as one synchronous closure
/// on its writer thread, while the accounts arrive from an `AsyncSequence`. The producer (the
/// importing task) `send`s batches and suspends, without blocking a thread, while `capacity`
/// batches wait; the consumer (the GRDB writer thread, not a Swift concurrency thread) blocks in
/// ``receive()``. Memory is bounded by `capacity` batches.
///
/// Either side can stop the other: ``fail(_:)`` makes the consumer throw (rolling the transaction
/// back), ``close(_:)`` makes the producer's next or pending `send` throw.
final class BatchChannel<Element: Sendable>: @unchecked Sendable {
    // Safety of @unchecked Sendable: every stored var below is read and written only while
    // `condition` is locked; continuations are resumed after unlocking.
    private let condition = NSCondition()
    private let capacity: Int
    private var buffer: [Element] = []
    private var finished = false
    private var producerFailure: (any Error)?
    private var consumerFailure: (any Error)?
    private var waitingProducer: CheckedContinuation<Void, any Error>?

    init(capacity: Int = 2) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
    }

    /// Hands one element to the consumer, suspending while the buffer is full.
    ///
    /// - Throws: The consumer's error once it has stopped.
    func send(_ element: Element) async throws {
        while true {
            switch offer(element) {
            case .accepted:
                return
            case .stopped(let error):
                throw error
            case .full:
                try await withCheckedThrowingContinuation { park($0) }
            }
        }
    }

    private enum Offer {
        case accepted
        case full
        case stopped(any Error)
    }

    private func offer(_ element: Element) -> Offer {
        condition.lock()
        defer { condition.unlock() }
        if let consumerFailure { return .stopped(consumerFailure) }
        guard buffer.count < capacity else { return .full }
        buffer.append(element)
        condition.signal()
        return .accepted
    }

    private func park(_ continuation: CheckedContinuation<Void, any Error>) {
        condition.lock()
        // Re-check under the lock: the consumer may have made room since `offer` looked.
        if consumerFailure != nil || buffer.count < capacity {
            condition.unlock()
            continuation.resume()
        } else {
            waitingProducer = continuation
            condition.unlock()
        }
    }

    /// Tells the consumer that no more elements will come.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Makes the consumer's next ``receive()`` throw `error`, discarding buffered elements.
    func fail(_ error: any Error) {
        condition.lock()
        if producerFailure == nil { producerFailure = error }
        buffer.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Called by the consumer when it stops early: pending and later sends throw `error`.
    func close(_ error: any Error) {
        condition.lock()
        if consumerFailure == nil { consumerFailure = error }
        buffer.removeAll()
        let producer = waitingProducer
        waitingProducer = nil
        condition.unlock()
        producer?.resume(throwing: error)
    }

    /// Blocks until an element arrives (returned), the producer finishes (`nil`) or fails (throws).
    func receive() throws -> Element? {
        condition.lock()
        while buffer.isEmpty && !finished && producerFailure == nil {
            condition.wait()
        }
        if let producerFailure {
            condition.unlock()
            throw producerFailure
        }
        if buffer.isEmpty {
            condition.unlock()
            return nil
        }
        let element = buffer.removeFirst()
        let producer = waitingProducer
        waitingProducer = nil
        condition.unlock()
        producer?.resume()
        return element
    }
}
