import Foundation

/// Which store a `--database` value names: a SQLite file or a PostgreSQL server.
///
/// `postgres://` and `postgresql://` URLs name a PostgreSQL database; anything else is a SQLite file
/// path. Parsing is pure (nothing is opened); ``description`` never shows a password.
///
/// ```swift
/// switch try StoreLocation(parsing: "postgres://truereach@db.internal:5432/audiences") {
/// case .sqlite(let path): …
/// case .postgres(let url): …   // url.host == "db.internal"
/// }
/// ```
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresURL)

    /// Reads a `--database` value.
    ///
    /// - Parameter value: A file path, or a `postgres://user[:password]@host[:port][/database][?sslmode=…]` URL.
    /// - Throws: ``StoreError`` `.invalidLocation` for an empty value or a malformed PostgreSQL URL; the
    ///   message says what is wrong and never contains the password.
    public init(parsing value: String) throws {
        guard !value.isEmpty else {
            throw StoreError(
                code: .invalidLocation, message: "The database location is empty; give a file path or URL.")
        }
        if PostgresURL.hasPostgresScheme(value) {
            self = .postgres(try PostgresURL(parsing: value))
        } else {
            self = .sqlite(path: value)
        }
    }

    /// The location for logs and messages: the path, or the URL with its password redacted.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url): return url.description
        }
    }
}

/// The parts of a PostgreSQL connection URL.
///
/// `postgres://user[:password]@host[:port][/database][?sslmode=disable|prefer|require]`, user,
/// password and database percent-decoded. ``description`` redacts the password.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// How the connection uses TLS (the URL's `sslmode`).
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Never use TLS.
        case disable
        /// Use TLS when the server offers it (the default).
        case prefer
        /// Fail unless the connection is encrypted.
        case require
    }

    /// The server's host name or address.
    public var host: String
    /// The server's TCP port (5432 unless given).
    public var port: Int
    /// The user to connect as.
    public var username: String
    /// The password, if the URL has one (secret: never log it).
    public var password: String?
    /// The database; `nil` lets the server choose (the user's name).
    public var database: String?
    /// The TLS mode.
    public var tlsMode: TLSMode

    /// Creates a URL value from its parts.
    public init(
        host: String,
        port: Int = 5432,
        username: String,
        password: String? = nil,
        database: String? = nil,
        tlsMode: TLSMode = .prefer
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tlsMode = tlsMode
    }

    /// Parses a `postgres://` or `postgresql://` URL.
    ///
    /// - Throws: ``StoreError`` `.invalidLocation` naming what is wrong (scheme, host, port, user,
    ///   database path, parameter); never the password.
    public init(parsing value: String) throws {
        guard Self.hasPostgresScheme(value) else {
            throw Self.invalid("it does not start with postgres:// or postgresql://")
        }
        guard let components = URLComponents(string: value) else {
            throw Self.invalid(
                "it is not a valid URL (check the port is a number and special characters are percent-encoded)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw Self.invalid("it names no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Self.invalid("it names no user (postgres://USER@\(host)/…)")
        }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else {
            throw Self.invalid("its port \(port) is not between 1 and 65535")
        }
        var path = components.path
        if path.hasPrefix("/") { path.removeFirst() }
        guard !path.contains("/") else {
            throw Self.invalid("its path must be just the database name")
        }
        var tlsMode = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw Self.invalid("parameter '\(item.name)' is not supported (only sslmode)")
            }
            guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw Self.invalid("sslmode must be disable, prefer or require")
            }
            tlsMode = mode
        }
        self.init(
            host: host,
            port: port,
            username: user,
            password: components.password,
            database: path.isEmpty ? nil : path,
            tlsMode: tlsMode
        )
    }

    /// The URL with the password replaced by `***` (for logs and messages).
    public var description: String {
        var text = "postgres://" + Self.encode(username)
        if password != nil { text += ":***" }
        text += "@" + (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        if let database { text += "/" + Self.encode(database) }
        if tlsMode != .prefer { text += "?sslmode=\(tlsMode.rawValue)" }
        return text
    }

    /// The same server and credentials, another database (tests create and drop their own).
    public func withDatabase(_ database: String?) -> PostgresURL {
        var copy = self
        copy.database = database
        return copy
    }

    static func hasPostgresScheme(_ value: String) -> Bool {
        let lowered = value.prefix(14).lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    private static func encode(_ part: String) -> String {
        part.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? part
    }

    private static func invalid(_ reason: String) -> StoreError {
        StoreError(code: .invalidLocation, message: "The PostgreSQL URL is invalid: \(reason).")
    }
}
