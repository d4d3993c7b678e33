/// How ordinary a handle looks: BotometerLite's `screen_name_likelihood`.
///
/// Counts case-sensitive bigrams of Unicode scalars in the handles of **human** training
/// accounts. The likelihood of a handle is the geometric mean of its bigram probabilities,
/// `P(b) = (count(b) + 1) / (total + 63²)` (add-one smoothing over the 3,969 bigrams of
/// `[A-Za-z0-9_]`). A handle shorter than two scalars gets `1 / 3969`. This is the
/// convention of `../shared/peers/features.py`, so the two can be compared.
///
/// The table is part of a saved model: it must come from the training fold only.
public struct HandleBigramModel: Sendable, Hashable, Codable {
    /// The size of the smoothing vocabulary: 63 × 63.
    public static let vocabulary = 3_969

    /// Bigram counts, keyed by the two-scalar string.
    public private(set) var counts: [String: Int]
    /// Total number of bigrams counted.
    public private(set) var total: Int

    private var logProbabilities: [UInt64: Double] = [:]
    /// The same log-probabilities for every pair of ASCII scalars, indexed `a × 128 + b`: the
    /// dictionary's hashing per bigram showed up in `score`'s profile, and handles are nearly all ASCII.
    private var asciiLogProbabilities: [Double] = []
    private var logUnseen: Double = 0

    /// A model fitted on no handles (every bigram equally likely).
    public init() {
        self.init(counts: [:], total: 0)
    }

    /// Creates a model from stored counts.
    public init(counts: [String: Int], total: Int) {
        self.counts = counts
        self.total = total
        rebuild()
    }

    /// Counts the bigrams of the given (human) handles.
    ///
    /// - Complexity: O(total handle length).
    public static func fit<S: Sequence>(humanHandles: S) -> HandleBigramModel where S.Element == String {
        var counts: [String: Int] = [:]
        var total = 0
        for handle in humanHandles {
            let scalars = Array(handle.unicodeScalars)
            guard scalars.count >= 2 else { continue }
            for i in 0..<(scalars.count - 1) {
                var key = String.UnicodeScalarView()
                key.append(scalars[i])
                key.append(scalars[i + 1])
                counts[String(key), default: 0] += 1
                total += 1
            }
        }
        return HandleBigramModel(counts: counts, total: total)
    }

    /// The geometric-mean bigram likelihood of a handle, in (0, 1].
    public func likelihood(_ handle: String) -> Double {
        var previous: UInt32?
        var sum = 0.0
        var n = 0
        for scalar in handle.unicodeScalars {
            if let p = previous {
                if p < 128 && scalar.value < 128 {
                    sum += asciiLogProbabilities[Int(p) << 7 | Int(scalar.value)]
                } else {
                    sum += logProbabilities[Self.key(p, scalar.value)] ?? logUnseen
                }
                n += 1
            }
            previous = scalar.value
        }
        if n == 0 { return 1.0 / Double(Self.vocabulary) }
        return _exp(sum / Double(n))
    }

    private static func key(_ a: UInt32, _ b: UInt32) -> UInt64 { UInt64(a) << 32 | UInt64(b) }

    private mutating func rebuild() {
        let denominator = Double(total + Self.vocabulary)
        logUnseen = _log(1.0 / denominator)
        var table: [UInt64: Double] = [:]
        table.reserveCapacity(counts.count)
        for (bigram, count) in counts {
            let s = Array(bigram.unicodeScalars)
            guard s.count == 2 else { continue }
            table[Self.key(s[0].value, s[1].value)] = _log(Double(count + 1) / denominator)
        }
        logProbabilities = table
        var ascii = [Double](repeating: logUnseen, count: 128 * 128)
        for (key, value) in table where key >> 32 < 128 && key & 0xFFFF_FFFF < 128 {
            ascii[Int(key >> 32) << 7 | Int(key & 0xFFFF_FFFF)] = value
        }
        asciiLogProbabilities = ascii
    }

    private enum CodingKeys: String, CodingKey { case counts, total }

    /// Decodes the stored counts and rebuilds the lookup table.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            counts: try c.decode([String: Int].self, forKey: .counts),
            total: try c.decode(Int.self, forKey: .total)
        )
    }

    /// Encodes the counts and total.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(counts, forKey: .counts)
        try c.encode(total, forKey: .total)
    }

    /// Models are equal when their counts are.
    public static func == (lhs: HandleBigramModel, rhs: HandleBigramModel) -> Bool {
        lhs.counts == rhs.counts && lhs.total == rhs.total
    }

    /// Hashes the counts.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(total)
        hasher.combine(counts.count)
    }
}
