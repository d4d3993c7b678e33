/// An error from fitting, loading or applying an authenticity model.
///
/// Match on ``code``; ``message`` says what went wrong and what to do, and never holds user data.
public struct ModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable, Codable {
        /// Training data is unusable (empty, one class only, shapes disagree).
        case invalidTrainingData
        /// Hyperparameters are out of range.
        case invalidParameters
        /// The model was trained on a different feature schema than this build extracts.
        case featureSchemaMismatch
        /// The model file's format version is not one this build reads.
        case unsupportedFormatVersion
        /// The model file is damaged or not a model file.
        case invalidModelFile
    }

    /// What kind of failure this is.
    public var code: Code
    /// What went wrong and what to do about it.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A one-line description for logs.
    public var description: String { "ModelError.\(code.rawValue): \(message)" }
}
