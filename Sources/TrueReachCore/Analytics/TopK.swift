/// Keeps the first `capacity` elements of a stream under a strict total order, in bounded memory.
///
/// Used for the report's ranked lists and for deterministic samples. Because the order is
/// total, the result does not depend on the order elements arrive in or on how partial
/// collections are merged, which keeps parallel audits byte-identical to serial ones.
public struct TopK<Element: Sendable>: Sendable {
    /// How many elements to keep.
    public let capacity: Int
    private let areInIncreasingOrder: @Sendable (Element, Element) -> Bool
    private var buffer: [Element] = []

    /// Creates an empty collection keeping the `capacity` smallest elements under the order.
    public init(capacity: Int, by areInIncreasingOrder: @escaping @Sendable (Element, Element) -> Bool) {
        precondition(capacity >= 0, "capacity must not be negative")
        self.capacity = capacity
        self.areInIncreasingOrder = areInIncreasingOrder
    }

    /// Offers one element.
    ///
    /// - Complexity: amortised O(log capacity).
    public mutating func insert(_ element: Element) {
        guard capacity > 0 else { return }
        buffer.append(element)
        if buffer.count >= 2 * capacity + 16 { compact() }
    }

    /// Adds every element kept by `other`.
    public mutating func merge(_ other: TopK<Element>) {
        for element in other.buffer { insert(element) }
    }

    /// The kept elements, first in order first.
    public var elements: [Element] {
        Array(buffer.sorted(by: areInIncreasingOrder).prefix(capacity))
    }

    private mutating func compact() {
        buffer.sort(by: areInIncreasingOrder)
        buffer.removeSubrange(capacity...)
    }
}
