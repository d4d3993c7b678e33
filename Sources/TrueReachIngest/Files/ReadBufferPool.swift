import Synchronization

/// Read buffers handed back once their batch is decoded, for the producer to read into again.
///
/// A fresh multi-megabyte buffer per batch cost a page fault per 4 KiB (about a tenth of `score`'s
/// time in a profile). Decoded accounts own copies of their text, so a decoded batch's buffer can
/// be reused; a buffer still referenced elsewhere when it is taken is simply copied on write, so
/// sharing is never a correctness question, only a missed reuse.
final class ReadBufferPool: Sendable {
    private let buffers = Mutex<[[UInt8]]>([])
    private let capacity: Int

    /// A pool keeping at most `capacity` buffers; more are freed.
    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Keeps `buffer` for a later read, unless the pool is full.
    func put(_ buffer: [UInt8]) {
        buffers.withLock { if $0.count < capacity { $0.append(buffer) } }
    }

    /// An emptied buffer with its capacity, or an empty array when none is kept.
    func take() -> [UInt8] {
        var buffer = buffers.withLock { $0.popLast() } ?? []
        buffer.removeAll(keepingCapacity: true)
        return buffer
    }
}
