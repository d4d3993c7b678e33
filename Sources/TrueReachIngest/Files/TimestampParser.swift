import FoundationEssentials

/// Parses the timestamp shapes found in exports, without formatters or locale.
///
/// Accepted (surrounding spaces ignored): Twitter `Wed Jun 05 20:09:15 +0000 2019`; ISO 8601
/// `2022-11-09T00:00:00.000Z`, `2022-11-09T00:00:00+02:00`; `2011-02-12 23:27:11` (UTC);
/// a bare date `2025-07-13` (midnight UTC).
enum TimestampParser {
    /// Parses a string, or returns `nil` when it matches no accepted shape.
    static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { buffer in
            parse(buffer, 0, buffer.count)
        }
    }

    /// Parses `bytes[start..<end]`.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Date? {
        var start = start
        var end = end
        while start < end, bytes[start] == 0x20 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        let length = end - start
        if length == 30, bytes[start + 3] == 0x20, bytes[start + 26 - 1] == 0x20 {
            return parseTwitter(bytes, start)
        }
        if length >= 10 { return parseISO(bytes, start, end) }
        return nil
    }

    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Int? {
        var value = 0
        for index in start..<(start + length) {
            let digit = Int(bytes[index]) &- 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    private static let months: [(UInt8, UInt8, UInt8)] = [
        (74, 97, 110), (70, 101, 98), (77, 97, 114), (65, 112, 114), (77, 97, 121), (74, 117, 110),
        (74, 117, 108), (65, 117, 103), (83, 101, 112), (79, 99, 116), (78, 111, 118), (68, 101, 99),
    ]

    private static func parseTwitter(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Date? {
        let m = (bytes[start + 4], bytes[start + 5], bytes[start + 6])
        guard let monthIndex = months.firstIndex(where: { $0 == m }),
            bytes[start + 7] == 0x20, bytes[start + 10] == 0x20, bytes[start + 13] == 58, bytes[start + 16] == 58,
            bytes[start + 19] == 0x20,
            let day = number(bytes, start + 8, 2), let hour = number(bytes, start + 11, 2),
            let minute = number(bytes, start + 14, 2), let second = number(bytes, start + 17, 2),
            let zone = number(bytes, start + 21, 4), let year = number(bytes, start + 26, 4)
        else { return nil }
        let sign = bytes[start + 20]
        guard sign == 43 || sign == 45 else { return nil }
        let offset = (zone / 100 * 3600 + zone % 100 * 60) * (sign == 45 ? -1 : 1)
        return make(year, monthIndex + 1, day, hour, minute, second, 0, offset)
    }

    private static func parseISO(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Date? {
        guard bytes[start + 4] == 45, bytes[start + 7] == 45,
            let year = number(bytes, start, 4), let month = number(bytes, start + 5, 2),
            let day = number(bytes, start + 8, 2)
        else { return nil }
        var position = start + 10
        if position == end { return make(year, month, day, 0, 0, 0, 0, 0) }
        guard end - position >= 9, bytes[position] == 84 || bytes[position] == 0x20,
            bytes[position + 3] == 58, bytes[position + 6] == 58,
            let hour = number(bytes, position + 1, 2), let minute = number(bytes, position + 4, 2),
            let second = number(bytes, position + 7, 2)
        else { return nil }
        position += 9
        var fraction = 0.0
        if position < end, bytes[position] == 46 {
            position += 1
            var scale = 0.1
            let fractionStart = position
            while position < end, bytes[position] >= 48, bytes[position] <= 57 {
                fraction += Double(bytes[position] - 48) * scale
                scale /= 10
                position += 1
            }
            guard position > fractionStart else { return nil }
        }
        var offset = 0
        if position < end {
            let sign = bytes[position]
            if sign == 90 {
                position += 1
            } else if sign == 43 || sign == 45 {
                position += 1
                // Every read stays inside [position, end): a truncated offset ("+", "+01:") is no date.
                guard end - position >= 2, let zoneHour = number(bytes, position, 2) else { return nil }
                position += 2
                if position < end, bytes[position] == 58 { position += 1 }
                guard end - position >= 2, let zoneMinute = number(bytes, position, 2) else { return nil }
                position += 2
                offset = (zoneHour * 3600 + zoneMinute * 60) * (sign == 45 ? -1 : 1)
            }
            guard position == end else { return nil }
        }
        return make(year, month, day, hour, minute, second, fraction, offset)
    }

    private static func make(
        _ year: Int,
        _ month: Int,
        _ day: Int,
        _ hour: Int,
        _ minute: Int,
        _ second: Int,
        _ fraction: Double,
        _ offset: Int
    ) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second)
        else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar.
    ///
    /// Howard Hinnant's `days_from_civil` algorithm.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
