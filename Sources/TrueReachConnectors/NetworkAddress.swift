import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IP address, as the bytes of an IPv4 (4) or IPv6 (16) address, and what part of the address
/// space it lies in.
///
/// Used to refuse requests to addresses a public platform never has: a server may be asked to fetch
/// from any instance name a user typed, and that name may resolve to the machine itself, its network
/// or a cloud metadata service.
public struct NetworkAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address bytes, network order: 4 for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Where in the address space an address lies.
    public enum Scope: String, Sendable, Hashable {
        /// A public address.
        case global
        /// This machine (127.0.0.0/8, ::1).
        case loopback
        /// A private network (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, fec0::/10).
        case `private`
        /// A link (169.254/16, fe80::/10): where cloud metadata services answer.
        case linkLocal = "link-local"
        /// No address (0.0.0.0/8, ::).
        case unspecified
        /// Multicast and broadcast.
        case multicast
        /// Documentation, benchmarking and reserved ranges.
        case reserved
    }

    /// Creates an address from 4 or 16 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses a literal: dotted IPv4 or IPv6 (brackets allowed, zone ignored).
    public init?(literal: String) {
        var text = literal
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            self.bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    /// The address in its usual text form.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let ok = bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { return bytes.map(String.init).joined(separator: ".") }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Where this address lies; IPv4 inside IPv6 (mapped, compatible, NAT64) is judged as IPv4.
    public var scope: Scope {
        if bytes.count == 4 { return Self.scope(v4: bytes) }
        let b = bytes
        if b.allSatisfy({ $0 == 0 }) { return .unspecified }
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return .loopback }
        // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated), 64:ff9b::a.b.c.d (NAT64).
        if b[0..<10].allSatisfy({ $0 == 0 }) && ((b[10] == 0xff && b[11] == 0xff) || (b[10] == 0 && b[11] == 0)) {
            return Self.scope(v4: Array(b[12..<16]))
        }
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xff, b[3] == 0x9b, b[4..<12].allSatisfy({ $0 == 0 }) {
            return Self.scope(v4: Array(b[12..<16]))
        }
        if b[0] & 0xfe == 0xfc { return .private }
        if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return .linkLocal }
        if b[0] == 0xfe && b[1] & 0xc0 == 0xc0 { return .private }
        if b[0] == 0xff { return .multicast }
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x0d, b[3] == 0xb8 { return .reserved }
        return .global
    }

    private static func scope(v4 b: [UInt8]) -> Scope {
        switch (b[0], b[1]) {
        case (0, _): return .unspecified
        case (10, _): return .private
        case (100, 64...127): return .private
        case (127, _): return .loopback
        case (169, 254): return .linkLocal
        case (172, 16...31): return .private
        case (192, 168): return .private
        case (192, 0) where b[2] == 0 || b[2] == 2: return .reserved
        case (198, 18...19): return .reserved
        case (198, 51) where b[2] == 100: return .reserved
        case (203, 0) where b[2] == 113: return .reserved
        case (224...239, _): return .multicast
        case (240...255, _): return b.allSatisfy { $0 == 255 } ? .multicast : .reserved
        default: return .global
        }
    }

    /// Every address `host` resolves to (getaddrinfo, on a background thread).
    ///
    /// - Throws: ``ConnectorError`` `.unavailable` when the name does not resolve.
    public static func resolve(_ host: String) async throws -> [NetworkAddress] {
        if let literal = NetworkAddress(literal: host) { return [literal] }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var hints = addrinfo()
                hints.ai_family = AF_UNSPEC
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var list: UnsafeMutablePointer<addrinfo>?
                let status = getaddrinfo(host, nil, &hints, &list)
                guard status == 0, let first = list else {
                    let reason = String(cString: gai_strerror(status))
                    continuation.resume(
                        throwing: ConnectorError(.unavailable, "\(host) does not resolve to an address (\(reason))."))
                    return
                }
                defer { freeaddrinfo(first) }
                var addresses: [NetworkAddress] = []
                var node: UnsafeMutablePointer<addrinfo>? = first
                while let info = node {
                    if let sockaddr = info.pointee.ai_addr {
                        switch info.pointee.ai_family {
                        case AF_INET:
                            sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                                var address = pointer.pointee.sin_addr
                                if let parsed = NetworkAddress(bytes: withUnsafeBytes(of: &address) { Array($0) }) {
                                    addresses.append(parsed)
                                }
                            }
                        case AF_INET6:
                            sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                                var address = pointer.pointee.sin6_addr
                                if let parsed = NetworkAddress(bytes: withUnsafeBytes(of: &address) { Array($0) }) {
                                    addresses.append(parsed)
                                }
                            }
                        default: break
                        }
                    }
                    node = info.pointee.ai_next
                }
                continuation.resume(
                    returning: Array(Set(addresses)).sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) })
            }
        }
    }
}
