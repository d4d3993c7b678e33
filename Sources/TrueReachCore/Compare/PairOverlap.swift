/// How an overlap figure was found.
public enum OverlapMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Counted from every follower's id.
    case exact
    /// Estimated from HyperLogLog sketches by inclusion–exclusion.
    case hyperloglog
    /// Not known (an audience's ids are not stored).
    case unknown
}

/// A count or share with its standard error and 95% interval (0 and the value itself when exact).
public struct OverlapFigure: Sendable, Hashable {
    /// The value.
    public var value: Double
    /// One standard error (0 when counted exactly).
    public var standardError: Double
    /// The 95% interval's lower end.
    public var low: Double
    /// The 95% interval's upper end.
    public var high: Double

    /// Creates a figure.
    ///
    /// - Parameters:
    ///   - value: The value.
    ///   - standardError: One standard error.
    ///   - low: The 95% interval's lower end.
    ///   - high: The 95% interval's upper end.
    public init(value: Double, standardError: Double, low: Double, high: Double) {
        self.value = value
        self.standardError = standardError
        self.low = low
        self.high = high
    }

    /// A figure counted exactly.
    ///
    /// - Parameter value: The count.
    /// - Returns: The figure, with no error.
    public static func exact(_ value: Double) -> OverlapFigure {
        OverlapFigure(value: value, standardError: 0, low: value, high: value)
    }

    /// Whether the figure was counted (no error).
    public var isExact: Bool { standardError == 0 && low == high }

    /// The figure divided by `divisor` (a count as a share).
    ///
    /// - Parameter divisor: A positive number.
    /// - Returns: The figure with its value, error and interval divided.
    public func divided(by divisor: Double) -> OverlapFigure {
        OverlapFigure(
            value: value / divisor, standardError: standardError / divisor, low: low / divisor, high: high / divisor)
    }
}

/// The overlap of one pair of audiences.
public struct PairOverlap: Sendable, Hashable {
    /// The first account.
    public var a: String
    /// The second account.
    public var b: String
    /// How the figures were found.
    public var method: OverlapMethod
    /// Real followers of both; nil when unknown.
    public var shared: OverlapFigure?
    /// ``shared`` ÷ the smaller audience's real followers; nil when unknown or the smaller has none.
    public var shareOfSmaller: OverlapFigure?
    /// Why the overlap is unknown, when it is.
    public var reason: String?

    /// Creates a pair's overlap.
    ///
    /// - Parameters:
    ///   - a: The first account.
    ///   - b: The second account.
    ///   - method: How the figures were found.
    ///   - shared: Real followers of both.
    ///   - shareOfSmaller: That as a share of the smaller audience.
    ///   - reason: Why it is unknown.
    public init(
        a: String, b: String, method: OverlapMethod, shared: OverlapFigure? = nil,
        shareOfSmaller: OverlapFigure? = nil, reason: String? = nil
    ) {
        self.a = a
        self.b = b
        self.method = method
        self.shared = shared
        self.shareOfSmaller = shareOfSmaller
        self.reason = reason
    }
}
