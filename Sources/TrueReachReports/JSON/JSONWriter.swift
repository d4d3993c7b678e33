/// Writes compact JSON into a byte buffer, value by value, for answers too hot for `JSONEncoder`.
///
/// The API's follower pages are its largest answers (up to 500 followers with their signals), and
/// `JSONEncoder` with its key strategy and sorted keys spent most of their time. The writer has no
/// key strategy and no sorting: callers write keys already in snake_case and in sorted order, which
/// a test checks against the `JSONEncoder` form of the same value. Strings are escaped as
/// ``JSONString`` does (control characters as `\u00XX`, U+2028 and U+2029 escaped); a `Double` is
/// its shortest round-trip form, without a trailing `.0`, as `JSONEncoder` writes it.
///
/// ```swift
/// var json = JSONWriter()
/// json.beginObject()
/// json.key("total"); json.integer(3)
/// json.key("next"); json.null()
/// json.endObject()
/// let body = json.bytes  // {"total":3,"next":null}
/// ```
public struct JSONWriter: Sendable {
    /// What has been written.
    public private(set) var bytes: [UInt8] = []
    /// Whether the innermost open object or array already holds a value (a comma comes next).
    private var holdsValue: [Bool] = []
    /// Whether a key was just written (its value needs no comma).
    private var afterKey = false

    /// A writer with room for `capacity` bytes.
    public init(capacity: Int = 4_096) {
        bytes.reserveCapacity(capacity)
    }

    /// Thrown for a number JSON cannot hold (infinite or NaN), as `JSONEncoder` throws.
    public struct NonFiniteNumber: Error, Sendable, Hashable {
        /// The value.
        public var value: Double
    }

    /// Opens an object (`{`).
    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        holdsValue.append(false)
    }

    /// Closes the innermost object (`}`).
    public mutating func endObject() {
        holdsValue.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    /// Opens an array (`[`).
    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        holdsValue.append(false)
    }

    /// Closes the innermost array (`]`).
    public mutating func endArray() {
        holdsValue.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes an object's key; the next call writes its value.
    ///
    /// - Parameter name: The key, written escaped.
    public mutating func key(_ name: String) {
        separate()
        JSONString.append(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// Writes a string.
    public mutating func string(_ value: String) {
        separate()
        JSONString.append(value, to: &bytes)
    }

    /// Writes a string, or `null` when `value` is `nil`.
    public mutating func string(_ value: String?) {
        guard let value else { return null() }
        string(value)
    }

    /// Writes a whole number.
    public mutating func integer(_ value: some BinaryInteger) {
        separate()
        appendDigits(value)
    }

    /// Writes a whole number, or `null` when `value` is `nil`.
    public mutating func integer<T: BinaryInteger>(_ value: T?) {
        guard let value else { return null() }
        integer(value)
    }

    /// Writes a number in its shortest round-trip form (`0.25`, `3`, `1e-05`).
    ///
    /// - Throws: ``NonFiniteNumber`` for an infinite or NaN value, which JSON cannot hold.
    public mutating func number(_ value: Double) throws {
        guard value.isFinite else { throw NonFiniteNumber(value: value) }
        separate()
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    }

    /// Writes `null`.
    public mutating func null() {
        separate()
        bytes.append(contentsOf: Self.nullBytes)
    }

    /// Writes the comma before a value or key when its container already holds one.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = holdsValue.indices.last else { return }
        if holdsValue[last] { bytes.append(UInt8(ascii: ",")) }
        holdsValue[last] = true
    }

    private mutating func appendDigits(_ value: some BinaryInteger) {
        var text = String(value)
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private static let nullBytes: [UInt8] = Array("null".utf8)
    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)
}
