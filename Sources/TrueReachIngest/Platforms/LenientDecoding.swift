import Foundation

/// Tolerant readers for the value shapes real exports use: numbers as strings, `"True "`,
/// `"None"`, padded text. A value of a truly wrong shape still throws a `DecodingError` that names
/// its key, which becomes an ``IngestIssue`` with that field.
extension KeyedDecodingContainer {
    /// Text; numbers become their digits.
    ///
    /// With `padded` (TwiBot files pad every value with one
    /// space and write Python's `None`), one trailing space is dropped and `None` means missing.
    func lenientString(_ key: Key, padded: Bool = false) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let text = try? decode(String.self, forKey: key) {
            guard padded else { return text }
            let trimmed = text.hasSuffix(" ") ? String(text.dropLast()) : text
            return trimmed == "None" ? nil : trimmed
        }
        if let number = try? decode(Int64.self, forKey: key) { return String(number) }
        throw DecodingError.typeMismatch(
            String.self,
            .init(codingPath: codingPath + [key], debugDescription: "expected text")
        )
    }

    /// An identifier given as a string or an integer.
    func lenientID(_ key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let text = try? decode(String.self, forKey: key) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
        if let number = try? decode(Int64.self, forKey: key) { return String(number) }
        if let number = try? decode(UInt64.self, forKey: key) { return String(number) }
        throw DecodingError.typeMismatch(
            String.self,
            .init(codingPath: codingPath + [key], debugDescription: "expected an identifier")
        )
    }

    /// A count given as an integer, an integral float, or a numeric string (`"692 "`).
    func lenientInt(_ key: Key) throws -> Int? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let number = try? decode(Int.self, forKey: key) { return number }
        if let number = try? decode(Double.self, forKey: key), number.rounded() == number, abs(number) < 9e15 {
            return Int(number)
        }
        if let text = try? decode(String.self, forKey: key) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed == "None" || trimmed == "null" || trimmed == "NULL" { return nil }
            if let number = Int(trimmed) { return number }
        }
        throw DecodingError.typeMismatch(
            Int.self,
            .init(codingPath: codingPath + [key], debugDescription: "expected a whole number")
        )
    }

    /// A count (``lenientInt(_:)``) that must not be negative.
    ///
    /// A negative count is not a count: it throws a `DecodingError` naming the key, so the record
    /// becomes an ``IngestIssue`` and is skipped, as every reader does (`docs/formats.md`).
    func lenientCount(_ key: Key) throws -> Int? {
        guard let count = try lenientInt(key) else { return nil }
        guard count >= 0 else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath + [key], debugDescription: "negative count"))
        }
        return count
    }

    /// A count where `hidden` (a negative sentinel such as Mastodon's -1) means the platform hides it:
    /// `nil`, as unknown; any other negative count is corrupt.
    func lenientCount(_ key: Key, hiddenAs hidden: Int) throws -> Int? {
        if try lenientInt(key) == hidden { return nil }
        return try lenientCount(key)
    }

    /// A flag given as a boolean, `0`/`1`, or text (`"True "`, `"false"`, `"1"`).
    func lenientBool(_ key: Key) throws -> Bool? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let flag = try? decode(Bool.self, forKey: key) { return flag }
        if let number = try? decode(Int.self, forKey: key), number == 0 || number == 1 { return number == 1 }
        if let text = try? decode(String.self, forKey: key) {
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            case "", "none", "null": return nil
            default: break
            }
        }
        throw DecodingError.typeMismatch(
            Bool.self,
            .init(codingPath: codingPath + [key], debugDescription: "expected true or false")
        )
    }

    /// A timestamp in any shape ``TimestampParser`` accepts.
    func lenientDate(_ key: Key) throws -> Date? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        guard let text = try? decode(String.self, forKey: key) else {
            throw DecodingError.typeMismatch(
                Date.self,
                .init(codingPath: codingPath + [key], debugDescription: "expected a timestamp")
            )
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "None" { return nil }
        guard let date = TimestampParser.parse(trimmed) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath + [key], debugDescription: "unrecognised timestamp")
            )
        }
        return date
    }

    /// Whether the key holds text where a boolean is expected (TwiBot's `"False "`); checks the
    /// common boolean case first so ordinary records throw nothing.
    func isText(_ key: Key) -> Bool {
        guard contains(key), (try? decode(Bool.self, forKey: key)) == nil else { return false }
        return (try? decode(String.self, forKey: key)) != nil
    }

    /// Whether the key is present with an object value.
    func hasObject(_ key: Key) -> Bool {
        (try? nestedContainer(keyedBy: AnyKey.self, forKey: key)) != nil
    }
}

/// A coding key made from any string, for optional and wrapper keys.
struct AnyKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Decodes an array element by element, keeping each element's failure instead of failing the array.
struct LossyElement<Value: Decodable>: Decodable {
    var result: Result<Value, any Error>

    init(from decoder: any Decoder) throws {
        do {
            result = .success(try Value(from: decoder))
        } catch {
            result = .failure(error)
        }
    }
}
