import Foundation
public import TrueReachCore

/// The click classifier's user-agent rules: the shipped file (`Resources/click-agents.tsv`, each
/// group naming its source) and, when given, a user's file that extends it.
public enum ClickAgentFile {
    /// The rules to classify with: the user's file's first (an exception there wins), then the shipped ones.
    ///
    /// - Parameter extra: A user's file in the same format, if any (`truereach serve --click-agents FILE`).
    /// - Returns: The rules, the user's first.
    /// - Throws: ``AppError`` `.cannotOpen` for a file that cannot be read, `.badInput` naming the file,
    ///   line and field of a bad rule.
    public static func rules(extra: String? = nil) throws -> ClickAgentRules {
        let shipped = try parse(try shippedText(), source: "click-agents.tsv (shipped)")
        guard let extra else { return shipped }
        guard let data = FileManager.default.contents(atPath: extra) else {
            throw AppError(.cannotOpen, "cannot read the click-agents file \(extra)")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: extra).merged(with: shipped)
    }

    /// The shipped file's text.
    public static func shippedText() throws -> String {
        guard
            let url = Bundle.module.url(forResource: "click-agents", withExtension: "tsv", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: "click-agents", withExtension: "tsv"),
            let data = FileManager.default.contents(atPath: url.path)
        else { throw AppError(.cannotOpen, "the shipped Resources/click-agents.tsv is missing from this build") }
        return String(decoding: data, as: UTF8.self)
    }

    static func parse(_ text: String, source: String) throws -> ClickAgentRules {
        do {
            return try ClickAgentRules(parsing: text, source: source)
        } catch {
            throw AppError(.badInput, error.description)
        }
    }
}
