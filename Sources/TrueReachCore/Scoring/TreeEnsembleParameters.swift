/// Hyperparameters of ``TreeEnsemble/fit(_:parameters:using:)``: every one defaulted, no logic.
///
/// Gradient boosting of histogram trees on the logistic loss (the XGBoost / LightGBM recipe):
/// each tree fits the loss gradient of the previous margin; split gain and leaf values use the
/// second-order formulas with L2 regularisation `λ`:
/// `gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)`, `leaf = −η · G/(H+λ)`.
/// The defaults are the ones chosen by leave-one-dataset-out validation
/// (`docs/decisions/0002-authenticity-model.md`).
public struct TreeEnsembleParameters: Sendable, Hashable, Codable {
    /// Number of boosting rounds (trees).
    public var treeCount: Int = 80
    /// Maximum depth of each tree (a depth-0 tree is a single leaf).
    public var maxDepth: Int = 3
    /// Shrinkage `η` applied to every leaf value.
    public var learningRate: Double = 0.15
    /// Histogram bins per feature (quantile edges), at most 255; one more bin holds missing values.
    public var maxBins: Int = 64
    /// L2 regularisation `λ` on leaf values.
    public var l2Regularization: Double = 1.0
    /// Minimum sum of hessians (weighted) in a child.
    public var minChildWeight: Double = 1.0
    /// Minimum number of training rows in a child.
    public var minSamplesLeaf: Int = 20
    /// Minimum gain for a split to be made.
    public var minSplitGain: Double = 0.0
    /// Fraction of rows sampled (without replacement) for each tree.
    public var rowSubsample: Double = 0.8
    /// Fraction of usable features sampled for each tree.
    public var featureSubsample: Double = 0.8
    /// Weight of a bot row relative to a human row; `nil` balances the two classes.
    public var positiveClassWeight: Double? = nil

    /// Creates parameters; every argument has the default used by the shipped model.
    public init(
        treeCount: Int = 80,
        maxDepth: Int = 3,
        learningRate: Double = 0.15,
        maxBins: Int = 64,
        l2Regularization: Double = 1.0,
        minChildWeight: Double = 1.0,
        minSamplesLeaf: Int = 20,
        minSplitGain: Double = 0.0,
        rowSubsample: Double = 0.8,
        featureSubsample: Double = 0.8,
        positiveClassWeight: Double? = nil
    ) {
        self.treeCount = treeCount
        self.maxDepth = maxDepth
        self.learningRate = learningRate
        self.maxBins = maxBins
        self.l2Regularization = l2Regularization
        self.minChildWeight = minChildWeight
        self.minSamplesLeaf = minSamplesLeaf
        self.minSplitGain = minSplitGain
        self.rowSubsample = rowSubsample
        self.featureSubsample = featureSubsample
        self.positiveClassWeight = positiveClassWeight
    }
}

/// Labelled rows for ``TreeEnsemble/fit(_:parameters:using:)``.
public struct TrainingSet: Sendable {
    /// Features, one row per example (`Float.nan` = missing).
    public var features: FeatureMatrix
    /// `true` for a bot (the positive class).
    public var labels: [Bool]
    /// Optional per-row weights (multiplied with the class weights); `nil` means all 1.
    public var weights: [Double]?
    /// Which columns the learner may split on; `nil` means all.
    public var usableFeatures: [Bool]?

    /// Creates a training set.
    public init(features: FeatureMatrix, labels: [Bool], weights: [Double]? = nil, usableFeatures: [Bool]? = nil) {
        self.features = features
        self.labels = labels
        self.weights = weights
        self.usableFeatures = usableFeatures
    }
}
