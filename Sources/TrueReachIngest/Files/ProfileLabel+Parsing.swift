import Foundation
import TrueReachCore

extension ProfileLabel {
    /// Reads a label cell as datasets write it.
    ///
    /// Accepted: `bot`/`human`, `1`/`0`, `True`/`False`, `fake`/`real`,
    /// `genuine`, and the MIB group codes (`E13`, `TFP` human; `INT`, `FSF`, `TWT` bot).
    /// Returns `nil` for anything else (`not sure`, empty), which the reader counts as unlabelled.
    init?(labelValue: String) {
        switch labelValue.trimmingCharacters(in: .whitespaces).lowercased() {
        case "bot", "1", "1.0", "true", "yes", "fake", "spammer", "int", "fsf", "twt": self = .bot
        case "human", "0", "0.0", "false", "no", "real", "genuine", "e13", "tfp": self = .human
        default: return nil
        }
    }
}
