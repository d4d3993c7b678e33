/// A fragment of HTML that is safe by construction.
///
/// The only ways to make one are string literals written in our source code and interpolation,
/// which escapes every `String` with ``HTMLEscaping`` and inserts only other `HTML` values
/// verbatim. So markup from renderers composes, while profile text can never become markup:
///
/// ```swift
/// let name = "<script>alert(1)</script>"
/// let cell: HTML = "<td><bdi>\(name)</bdi></td>"   // <td><bdi>&lt;script&gt;…</bdi></td>
/// ```
public struct HTML: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup.
    public private(set) var markup: String

    /// Literal markup from source code (a `StaticString`, so never runtime text).
    public init(stringLiteral value: StaticString) {
        markup = value.description
    }

    /// Markup built by interpolation.
    public init(stringInterpolation: StringInterpolation) {
        markup = stringInterpolation.markup
    }

    /// Wraps markup this module produced itself.
    ///
    /// Never pass text from outside.
    init(trusted markup: String) {
        self.markup = markup
    }

    /// Empty markup.
    public static let empty = HTML(trusted: "")

    /// The markup.
    public var description: String { markup }

    /// Concatenates fragments.
    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(trusted: lhs.markup + rhs.markup) }

    /// Appends a fragment.
    public static func += (lhs: inout HTML, rhs: HTML) { lhs.markup += rhs.markup }

    /// Builds markup from literals and escaped values.
    public struct StringInterpolation: StringInterpolationProtocol {
        var markup: String

        /// Reserves room for the literal text.
        public init(literalCapacity: Int, interpolationCount: Int) {
            markup = ""
            markup.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        /// Appends source-code markup verbatim.
        public mutating func appendLiteral(_ literal: StaticString) {
            markup += literal.description
        }

        /// Appends text, escaped.
        public mutating func appendInterpolation(_ text: String) {
            markup += HTMLEscaping.escape(text)
        }

        /// Appends text, escaped; `nil` appends nothing.
        public mutating func appendInterpolation(_ text: String?) {
            if let text { markup += HTMLEscaping.escape(text) }
        }

        /// Appends safe markup verbatim.
        public mutating func appendInterpolation(_ html: HTML) {
            markup += html.markup
        }

        /// Appends safe fragments one after another.
        public mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments { markup += fragment.markup }
        }

        /// Appends an integer.
        public mutating func appendInterpolation(_ value: Int) {
            markup += String(value)
        }

        /// Appends a number with at most two decimals (coordinates, sizes).
        public mutating func appendInterpolation(_ value: Double) {
            markup += NumberText.compact(value)
        }
    }
}

extension Array where Element == HTML {
    /// The fragments concatenated, with `separator` between them.
    public func joined(separator: HTML = .empty) -> HTML {
        HTML(trusted: map(\.markup).joined(separator: separator.markup))
    }
}
