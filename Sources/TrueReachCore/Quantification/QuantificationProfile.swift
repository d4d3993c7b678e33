/// What a model knows about its own probabilities, for estimating the fake share of an audience.
///
/// Stored in the model file under `quantification`: the histograms of the out-of-fold calibrated
/// probabilities of the training bots and of the training humans (overall and per calibrated
/// platform), the method ``FakeShareEstimator`` uses, and the systematic error measured when whole
/// datasets were left out, which widens every interval (a bootstrap alone covers sampling noise,
/// not a new kind of account).
public struct QuantificationProfile: Sendable, Hashable, Codable {
    /// Out-of-fold probabilities of one platform's (or all) training bots and humans.
    public struct ClassHistograms: Sendable, Hashable, Codable {
        /// The bots' probabilities.
        public var bots: ProbabilityHistogram
        /// The humans' probabilities.
        public var humans: ProbabilityHistogram

        /// Creates the pair.
        public init(bots: ProbabilityHistogram, humans: ProbabilityHistogram) {
            self.bots = bots
            self.humans = humans
        }
    }

    /// The estimation method.
    public var method: QuantificationMethod
    /// All training rows.
    public var all: ClassHistograms
    /// Per calibrated platform (keyed by ``Platform`` raw value); other platforms use ``all``.
    public var platforms: [String: ClassHistograms]
    /// Half-width (in share points, 0 to 1) added in quadrature to the bootstrap interval.
    public var systematicError: Double
    /// Temperature applied to the probabilities' log-odds before EM (1: as calibrated; above 1 softer).
    public var temperature: Double

    /// Creates a profile.
    public init(
        method: QuantificationMethod,
        all: ClassHistograms,
        platforms: [String: ClassHistograms] = [:],
        systematicError: Double = 0,
        temperature: Double = 1
    ) {
        self.method = method
        self.all = all
        self.platforms = platforms
        self.systematicError = systematicError
        self.temperature = temperature
    }

    /// The histograms for a platform.
    public func histograms(for platform: Platform) -> ClassHistograms {
        platforms[platform.rawValue] ?? all
    }

    private enum CodingKeys: String, CodingKey {
        case method, all, platforms
        case systematicError = "systematic_error"
        case temperature
    }

    /// Decodes a profile; files without a temperature get 1.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decode(QuantificationMethod.self, forKey: .method)
        all = try c.decode(ClassHistograms.self, forKey: .all)
        platforms = try c.decode([String: ClassHistograms].self, forKey: .platforms)
        systematicError = try c.decode(Double.self, forKey: .systematicError)
        temperature = try c.decodeIfPresent(Double.self, forKey: .temperature) ?? 1
    }
}

/// How the fake share of an audience is estimated from its followers' probabilities.
///
/// See `docs/decisions/0003-audience-fake-share.md` for the measurements behind the default.
public enum QuantificationMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Classify and count: the share at or above the operating threshold (biased by construction).
    case cc
    /// Probabilistic classify and count: the mean calibrated probability.
    case pcc
    /// Adjusted classify and count at the threshold, with the training rows' out-of-fold rates.
    case acc
    /// Probabilistic adjusted classify and count: PCC corrected by the classes' mean probabilities.
    case pacc
    /// EM re-estimation of the prior (Saerens, Latinne and Decaestecker 2002).
    case em
    /// Hellinger-distance matching of the probability histogram (González-Castro et al. 2013).
    case hdy
    /// Median sweep of ACC over every threshold with a usable denominator (Forman 2006).
    case medianSweep = "median_sweep"
    /// EM after re-calibrating each probability bin on the profile's histograms (isotonic, classes
    /// weighted equally), so probabilities mean what they meant for the profile's accounts.
    case emRecalibrated = "em_recalibrated"
}

/// The estimated share of an audience that is fake or automated, with a 95% interval.
public struct FakeShareEstimate: Sendable, Hashable, Codable {
    /// The estimate, 0 to 1.
    public var value: Double
    /// Lower end of the 95% interval.
    public var low: Double
    /// Upper end of the 95% interval.
    public var high: Double
    /// The method's name (``QuantificationMethod`` raw value).
    public var method: String

    /// Creates an estimate.
    public init(value: Double, low: Double, high: Double, method: String) {
        self.value = value
        self.low = low
        self.high = high
        self.method = method
    }
}
