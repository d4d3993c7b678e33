#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The proxies whose `X-Forwarded-For` the server believes (`serve --trusted-proxy`), and the
/// visitor's address they give.
///
/// Behind a reverse proxy every connection comes from the proxy, so without this every visitor of a
/// tracked link shares one address and each click after the first within the duplicate window reads
/// as a duplicate. A client can write any `X-Forwarded-For` it likes, so the header is read only
/// when the connection comes from a trusted proxy, and then from the right: each address a trusted
/// proxy added is skipped, and the first address no trusted proxy stands for is the visitor (as
/// nginx's `real_ip_recursive` and Go's and Rails' trusted-proxy rules read it). With no trusted
/// proxies (the default) the header is ignored.
struct TrustedProxies: Sendable {
    /// One trusted network: an address and how many leading bits of it must match.
    struct Network: Sendable, Equatable {
        var address: IPAddress
        var prefix: Int

        func contains(_ other: IPAddress) -> Bool {
            guard other.bytes.count == address.bytes.count else { return false }
            var bits = prefix
            for (a, b) in zip(address.bytes, other.bytes) where bits > 0 {
                let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if a & mask != b & mask { return false }
                bits -= 8
            }
            return true
        }
    }

    let networks: [Network]

    /// Whether any proxy is trusted.
    var isEmpty: Bool { networks.isEmpty }

    /// Parses `serve --trusted-proxy` values: addresses (`10.0.0.7`, `::1`) and networks
    /// (`10.0.0.0/8`, `fd00::/8`).
    ///
    /// - Throws: ``ServerError`` `.invalidConfiguration` naming the first value that is neither.
    init(_ values: [String]) throws {
        networks = try values.map { value in
            let parts = value.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let address = IPAddress(String(parts[0])) else {
                throw ServerError(
                    .invalidConfiguration,
                    "--trusted-proxy \(value): not an IP address or network (such as 10.0.0.7 or 10.0.0.0/8).")
            }
            let width = address.bytes.count * 8
            guard parts.count == 2 else { return Network(address: address, prefix: width) }
            guard let prefix = Int(parts[1]), (0...width).contains(prefix) else {
                throw ServerError(
                    .invalidConfiguration, "--trusted-proxy \(value): the prefix length must be 0 to \(width).")
            }
            return Network(address: address, prefix: prefix)
        }
    }

    func trusts(_ address: IPAddress) -> Bool { networks.contains { $0.contains(address) } }

    /// The visitor's address: the connection's peer, or, when the peer is a trusted proxy, the
    /// rightmost `X-Forwarded-For` address that no trusted proxy stands for.
    ///
    /// - Parameters:
    ///   - peer: The connection's remote address (`nil` when unknown).
    ///   - forwardedFor: Every `X-Forwarded-For` field of the request, in order.
    /// - Returns: The address, in its canonical text form when it came from the header. An entry that is
    ///   not an address (`unknown`, an obfuscated name, garbage) ends the walk at the last address read,
    ///   since what lies left of it cannot be trusted; if every address is trusted, the leftmost.
    func client(peer: String?, forwardedFor: [String]) -> String? {
        guard !networks.isEmpty, let peer, let peerAddress = IPAddress(peer), trusts(peerAddress) else { return peer }
        let entries = forwardedFor.flatMap { $0.split(separator: ",") }
        var nearest = peer
        for entry in entries.reversed() {
            guard let address = IPAddress(forwardedEntry: entry) else { return nearest }
            nearest = address.description
            if !trusts(address) { return nearest }
        }
        return nearest
    }
}

/// An IPv4 (4 bytes) or IPv6 (16 bytes) address, parsed and printed by the C library.
struct IPAddress: Sendable, Equatable, CustomStringConvertible {
    let bytes: [UInt8]

    /// Parses dotted IPv4 or any IPv6 text form (an IPv6 zone, `%eth0`, is dropped).
    init?(_ text: String) {
        let host = text.split(separator: "%", maxSplits: 1).first.map(String.init) ?? text
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    /// Parses one `X-Forwarded-For` entry: an address, an IPv4 address with a port (`1.2.3.4:80`), or
    /// a bracketed IPv6 address with or without a port (`[2001:db8::1]:443`), spaces around allowed.
    init?(forwardedEntry entry: Substring) {
        var text = entry.trimmingSpaces
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            text = text[text.index(after: text.startIndex)..<close]
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            text = text[..<colon]
        }
        self.init(String(text))
    }

    var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let printed = bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        guard printed != nil else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
