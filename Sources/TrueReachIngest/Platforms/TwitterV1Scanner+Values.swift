import FoundationEssentials
import TrueReachCore

/// Value parsing and validating skips for the scanner's cursor.
extension TwitterV1Scanner.Parser {
    // MARK: Values

    @inline(__always)
    func peek() -> UInt8? { position < end ? buffer[position] : nil }

    @inline(__always)
    mutating func consume(_ byte: UInt8) -> Bool {
        guard position < end, buffer[position] == byte else { return false }
        position += 1
        return true
    }

    @inline(__always)
    mutating func skipSpace() {
        while position < end {
            let byte = buffer[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    mutating func isNull() -> Bool {
        guard position + 4 <= end, buffer[position] == 0x6E, buffer[position + 1] == 0x75,
            buffer[position + 2] == 0x6C, buffer[position + 3] == 0x6C
        else { return false }
        position += 4
        return true
    }

    @inline(__always)
    func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<range.count where buffer[range.lowerBound + offset] != pointer[offset] {
            return false
        }
        return true
    }

    /// Advances over plain string bytes (printable ASCII other than `"` and `\`) eight at a time,
    /// stopping at or before the first other byte, which the caller's byte loop then handles.
    @inline(__always)
    mutating func skipPlainRun() {
        guard let base = buffer.baseAddress else { return }
        let bytes = UnsafeRawPointer(base)
        while position &+ 8 <= end {
            guard !Self.hasSpecialByte(bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)) else { return }
            position &+= 8
        }
    }

    /// Whether any of the eight bytes of `word` is `"`, `\`, below 0x20 or above 0x7F.
    ///
    /// Classic zero-byte bit tricks: `(v − 0x01…01) & ~v & 0x80…80` is non-zero exactly when some
    /// byte of `v` is zero, and with `0x20…20` in place of `0x01…01` when some byte is below
    /// 0x20 (exact when no byte has its top bit set, and a set top bit answers `true` anyway).
    @inline(__always)
    static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroes = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
        let control = (word &- ones &* 0x20) & ~word
        return (zeroes | control | word) & highs != 0
    }

    /// A key without escapes and in valid UTF-8 (other keys make the scanner give up).
    mutating func keyRange() -> Range<Int>? {
        guard consume(0x22) else { return nil }
        let start = position
        while position < end {
            let byte = buffer[position]
            if byte == 0x22 {
                position += 1
                return start..<(position - 1)
            }
            if byte == 0x5C || byte < 0x20 { return nil }
            // Keys must be valid UTF-8 as the Codable path demands; otherwise it gives the issue.
            if byte >= 0x80 {
                guard skipUTF8Sequence(byte) else { return nil }
                continue
            }
            position += 1
        }
        return nil
    }

    mutating func optionalString(_ target: inout String?) -> Bool {
        if isNull() { return true }
        guard peek() == 0x22, let text = string() else { return false }
        target = text
        return true
    }

    mutating func optionalInt(_ target: inout Int?) -> Bool {
        if isNull() { return true }
        guard let digits = integerValue() else { return false }
        target = digits
        return true
    }

    mutating func optionalBool(_ target: inout Bool?) -> Bool {
        if isNull() { return true }
        if position + 4 <= end, buffer[position] == 0x74, buffer[position + 1] == 0x72, buffer[position + 2] == 0x75,
            buffer[position + 3] == 0x65
        {
            position += 4
            target = true
            return true
        }
        if position + 5 <= end, buffer[position] == 0x66, buffer[position + 1] == 0x61,
            buffer[position + 2] == 0x6C, buffer[position + 3] == 0x73, buffer[position + 4] == 0x65
        {
            position += 5
            target = false
            return true
        }
        return false
    }

    /// `Optional(nil)` for null, `nil` to give up.
    mutating func optionalDate() -> Date?? {
        if isNull() { return .some(nil) }
        guard peek() == 0x22 else { return nil }
        let start = position + 1
        guard skipString() else { return nil }
        guard let date = TimestampParser.parse(buffer, start, position - 1) else { return nil }
        return .some(date)
    }

    /// An id string of ASCII without escapes or surrounding spaces.
    mutating func plainID() -> String? {
        guard consume(0x22) else { return nil }
        let start = position
        while position < end {
            let byte = buffer[position]
            if byte == 0x22 { break }
            guard byte > 0x20, byte < 0x7F, byte != 0x5C else { return nil }
            position += 1
        }
        guard position < end, position > start else { return nil }
        position += 1
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<(position - 1)]), as: UTF8.self)
    }

    /// The text of a plain non-negative JSON integer of up to 20 digits (snowflake ids have 19).
    mutating func integerText() -> String? {
        let start = position
        while let byte = peek(), byte >= 48, byte <= 57 { position += 1 }
        let count = position - start
        guard count > 0, count <= 20, !(count > 1 && buffer[start] == 48) else { return nil }
        if let next = peek(), next == 0x2E || next == 0x65 || next == 0x45 { return nil }
        // Beyond Int64/UInt64 the Codable path cannot read the number either; leave it to it.
        if count == 20,
            UInt64(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<position]), as: UTF8.self)) == nil
        {
            return nil
        }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<position]), as: UTF8.self)
    }

    mutating func integerValue() -> Int? {
        let start = position
        var value = 0
        while position < end {
            let digit = Int(buffer[position]) &- 48
            guard digit >= 0, digit <= 9 else { break }
            value = value &* 10 &+ digit
            position += 1
        }
        let count = position - start
        guard count > 0, count <= 18, !(count > 1 && buffer[start] == 48) else { return nil }
        if let next = peek(), next == 0x2E || next == 0x65 || next == 0x45 { return nil }
        return value
    }

    /// A JSON string, escapes decoded; `nil` for anything invalid (bad escape, lone surrogate,
    /// control character, invalid UTF-8).
    mutating func string() -> String? {
        guard consume(0x22) else { return nil }
        let start = position
        var ascii = true
        while position < end {
            if ascii { skipPlainRun() }
            guard position < end else { break }
            let byte = buffer[position]
            if byte == 0x22 {
                let range = start..<position
                position += 1
                let slice = UnsafeBufferPointer(rebasing: buffer[range])
                if ascii { return String(decoding: slice, as: UTF8.self) }
                return String(validating: slice, as: UTF8.self)
            }
            if byte == 0x5C { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            if byte >= 0x80 { ascii = false }
            position += 1
        }
        return nil
    }

    private mutating func escapedString(from start: Int) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(position - start + 16)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<position]))
        while position < end {
            let byte = buffer[position]
            if byte == 0x22 {
                position += 1
                return String(validating: bytes, as: UTF8.self)
            }
            if byte < 0x20 { return nil }
            guard byte == 0x5C else {
                bytes.append(byte)
                position += 1
                continue
            }
            guard position + 1 < end else { return nil }
            let escape = buffer[position + 1]
            position += 2
            switch escape {
            case 0x22, 0x5C, 0x2F: bytes.append(escape)
            case 0x62: bytes.append(0x08)
            case 0x66: bytes.append(0x0C)
            case 0x6E: bytes.append(0x0A)
            case 0x72: bytes.append(0x0D)
            case 0x74: bytes.append(0x09)
            case 0x75:
                guard let unit = hex4() else { return nil }
                var scalarValue = UInt32(unit)
                if (0xD800...0xDBFF).contains(unit) {
                    guard position + 6 <= end, buffer[position] == 0x5C, buffer[position + 1] == 0x75 else {
                        return nil
                    }
                    position += 2
                    guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                    scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(unit) {
                    return nil
                }
                guard let scalar = Unicode.Scalar(scalarValue) else { return nil }
                bytes.append(contentsOf: UTF8.encode(scalar).map { Array($0) } ?? [])
            default:
                return nil
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt16? {
        guard position + 4 <= end else { return nil }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = buffer[position]
            let digit: UInt8
            switch byte {
            case 48...57: digit = byte - 48
            case 65...70: digit = byte - 55
            case 97...102: digit = byte - 87
            default: return nil
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    // MARK: Skipping (validating)

    /// Skips a string without building it, validating escapes, control characters and UTF-8.
    mutating func skipString() -> Bool {
        guard consume(0x22) else { return false }
        while position < end {
            skipPlainRun()
            guard position < end else { break }
            let byte = buffer[position]
            if byte == 0x22 {
                position += 1
                return true
            }
            if byte < 0x20 { return false }
            if byte == 0x5C {
                guard position + 1 < end else { return false }
                let escape = buffer[position + 1]
                position += 2
                switch escape {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: continue
                case 0x75:
                    guard let unit = hex4() else { return false }
                    if (0xD800...0xDBFF).contains(unit) {
                        guard position + 6 <= end, buffer[position] == 0x5C, buffer[position + 1] == 0x75 else {
                            return false
                        }
                        position += 2
                        guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return false }
                    } else if (0xDC00...0xDFFF).contains(unit) {
                        return false
                    }
                    continue
                default: return false
                }
            }
            if byte < 0x80 {
                position += 1
                continue
            }
            guard skipUTF8Sequence(byte) else { return false }
        }
        return false
    }

    /// Validates one multi-byte UTF-8 sequence starting at `position` (RFC 3629 table).
    private mutating func skipUTF8Sequence(_ lead: UInt8) -> Bool {
        let continuation: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: continuation = 1
        case 0xE0: continuation = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: continuation = 2
        case 0xED: continuation = 2; high = 0x9F
        case 0xF0: continuation = 3; low = 0x90
        case 0xF1...0xF3: continuation = 3
        case 0xF4: continuation = 3; high = 0x8F
        default: return false
        }
        guard position + continuation < end else { return false }
        let second = buffer[position + 1]
        guard second >= low, second <= high else { return false }
        for offset in stride(from: 2, through: continuation, by: 1) {
            let byte = buffer[position + offset]
            guard byte >= 0x80, byte <= 0xBF else { return false }
        }
        position += continuation + 1
        return true
    }

    /// Skips any JSON value, validating its grammar so malformed records fall to the Codable path.
    mutating func skipValue(depth: Int = 0) -> Bool {
        guard depth < 64, let byte = peek() else { return false }
        switch byte {
        case 0x22:
            return skipString()
        case 0x7B:
            position += 1
            skipSpace()
            if consume(0x7D) { return true }
            while true {
                skipSpace()
                guard peek() == 0x22, skipString() else { return false }
                skipSpace()
                guard consume(0x3A) else { return false }
                skipSpace()
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
                if consume(0x2C) { continue }
                return consume(0x7D)
            }
        case 0x5B:
            position += 1
            skipSpace()
            if consume(0x5D) { return true }
            while true {
                skipSpace()
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
                if consume(0x2C) { continue }
                return consume(0x5D)
            }
        case 0x74:
            var ignored: Bool?
            return optionalBool(&ignored)
        case 0x66:
            var ignored: Bool?
            return optionalBool(&ignored)
        case 0x6E:
            return isNull()
        default:
            return skipNumber()
        }
    }

    mutating func skipNumber() -> Bool {
        let start = position
        _ = consume(0x2D)
        let digitsStart = position
        while let byte = peek(), byte >= 48, byte <= 57 { position += 1 }
        guard position > digitsStart else { return false }
        if position - digitsStart > 1, buffer[digitsStart] == 48 { return false }
        if consume(0x2E) {
            let fractionStart = position
            while let byte = peek(), byte >= 48, byte <= 57 { position += 1 }
            guard position > fractionStart else { return false }
        }
        if let byte = peek(), byte == 0x65 || byte == 0x45 {
            position += 1
            if let sign = peek(), sign == 0x2B || sign == 0x2D { position += 1 }
            let exponentStart = position
            while let byte = peek(), byte >= 48, byte <= 57 { position += 1 }
            guard position > exponentStart else { return false }
        }
        return position > start
    }
}
