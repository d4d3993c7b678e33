import Crypto
public import Foundation
import Synchronization
public import TrueReachCore
public import TrueReachStore

/// A click as the redirect saw it, before its visitor is hashed.
public struct ClickInput: Sendable {
    /// The click id given to the destination as `tr_click`.
    public var id: String
    /// The link's slug.
    public var slug: String
    /// When the redirect was asked for.
    public var at: Date
    /// The visitor's network address: hashed with the day's salt and the user agent, never stored.
    public var address: String
    /// The user agent as sent.
    public var userAgent: String?
    /// The referrer as sent.
    public var referrer: String?
    /// The classifier's verdict (the recorder turns a repeated human click into a duplicate).
    public var verdict: ClickVerdict

    /// Creates a value.
    public init(
        id: String, slug: String, at: Date, address: String, userAgent: String?, referrer: String?,
        verdict: ClickVerdict
    ) {
        self.id = id
        self.slug = slug
        self.at = at
        self.address = address
        self.userAgent = userAgent
        self.referrer = referrer
        self.verdict = verdict
    }
}

/// Stores clicks by group commit: ``record(_:)`` returns once the click is in the store.
///
/// One writer (``run()``) takes every click waiting, writes them in one transaction and then lets
/// their redirects answer; clicks that arrive meanwhile form the next transaction. So a redirect that
/// was answered has its click stored (SQLite commits to its write-ahead log, PostgreSQL to its own),
/// and a process killed mid-load loses only clicks whose redirects had not been answered. The writer
/// also hashes each visitor with the day's salt (`OutcomeStore/visitorSalt(day:candidate:)`), so no
/// address is stored, and marks a human click as a duplicate when the same visitor clicked the same
/// link as a human within ``duplicateWindow``.
public final class ClickRecorder: Sendable {
    /// A click recorded after ``close()``.
    public struct ClosedError: Error, CustomStringConvertible {
        public var description: String { "The click recorder is closed: the server is stopping." }
    }

    struct Waiting {
        var input: ClickInput
        var continuation: CheckedContinuation<Void, any Error>
    }

    struct State {
        var waiting: [Waiting] = []
        var writer: CheckedContinuation<Void, Never>?
        var closed = false
    }

    let store: any OutcomeStore
    /// How long a visitor's repeated click on a link counts as a duplicate.
    public let duplicateWindow: TimeInterval
    let now: @Sendable () -> Date
    let state = Mutex(State())

    /// Creates a recorder; call ``run()`` to start its writer.
    ///
    /// - Parameters:
    ///   - store: Where clicks go.
    ///   - duplicateWindow: Seconds within which a visitor's second click on a link is a duplicate (default an hour).
    ///   - now: The clock (for the duplicate window's start).
    public init(
        store: any OutcomeStore, duplicateWindow: TimeInterval = 3_600, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.duplicateWindow = duplicateWindow
        self.now = now
    }

    /// Queues a click and returns once it is stored.
    ///
    /// - Throws: ``ClosedError`` after ``close()``; the store's error when the transaction failed.
    public func record(_ input: ClickInput) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let (accepted, writer) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
                guard !state.closed else { return (false, nil) }
                state.waiting.append(Waiting(input: input, continuation: continuation))
                defer { state.writer = nil }
                return (true, state.writer)
            }
            if !accepted { continuation.resume(throwing: ClosedError()) }
            writer?.resume()
        }
    }

    /// Refuses new clicks; ``run()`` stores those already queued and returns.
    public func close() {
        let writer = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closed = true
            defer { state.writer = nil }
            return state.writer
        }
        writer?.resume()
    }

    /// The writer: stores queued clicks, a transaction at a time, until ``close()`` and the queue is empty.
    public func run() async {
        var memory = WriterMemory(window: duplicateWindow)
        if let recent = try? await store.fetchHumanClicks(since: now().addingTimeInterval(-duplicateWindow)) {
            for click in recent { memory.lastHuman[memory.key(click.slug, click.visitor)] = click.at }
        }
        while true {
            let batch = await nextBatch()
            if batch.isEmpty { return }
            do {
                var clicks: [StoredClick] = []
                clicks.reserveCapacity(batch.count)
                for waiting in batch { clicks.append(try await memory.stored(waiting.input, store: store)) }
                try await store.saveClicks(clicks)
                for waiting in batch { waiting.continuation.resume() }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
    }

    /// The clicks waiting, after waiting for one; empty only once closed with nothing left.
    private func nextBatch() async -> [Waiting] {
        while true {
            let taken = state.withLock { state -> [Waiting]? in
                if !state.waiting.isEmpty {
                    defer { state.waiting = [] }
                    return state.waiting
                }
                return state.closed ? [] : nil
            }
            if let taken { return taken }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if !state.waiting.isEmpty || state.closed { return true }
                    state.writer = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    /// The hash of a visitor: SHA-256 of the day's salt, the address and the user agent, first 32 hex digits.
    public static func visitorHash(salt: String, address: String, userAgent: String?) -> String {
        let digest = SHA256.hash(data: Data("\(salt)\n\(address)\n\(userAgent ?? "")".utf8))
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for byte in digest.prefix(16) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The UTC day of `date`, `yyyy-MM-dd`: the salt's key.
    public static func day(of date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .gmt).year().month().day())
    }

    /// What only the writer touches: the day's salt and each visitor's last human click per link.
    struct WriterMemory {
        let window: TimeInterval
        /// The UTC day (days since 1970) whose salt ``salt`` is.
        var dayNumber: Int?
        var salt = ""
        var lastHuman: [String: Date] = [:]
        var sincePrune = 0

        init(window: TimeInterval) { self.window = window }

        func key(_ slug: String, _ visitor: String) -> String { slug + "\n" + visitor }

        mutating func stored(_ input: ClickInput, store: any OutcomeStore) async throws -> StoredClick {
            let today = Int((input.at.timeIntervalSince1970 / 86_400).rounded(.down))
            if today != dayNumber {
                salt = try await store.visitorSalt(
                    day: ClickRecorder.day(of: input.at), candidate: Outcomes.randomToken(characters: 43))
                dayNumber = today
            }
            let visitor = ClickRecorder.visitorHash(salt: salt, address: input.address, userAgent: input.userAgent)
            var verdict = input.verdict
            if verdict.clickClass == .human {
                let key = key(input.slug, visitor)
                if let last = lastHuman[key], input.at.timeIntervalSince(last) < window, input.at >= last {
                    let minutes = Int(input.at.timeIntervalSince(last) / 60)
                    verdict = ClickVerdict(
                        clickClass: .duplicate,
                        reason:
                            "the same visitor clicked this link \(minutes) min earlier (window \(Int(window / 60)) min)"
                    )
                } else {
                    lastHuman[key] = input.at
                }
                sincePrune += 1
                if sincePrune >= 10_000 {
                    sincePrune = 0
                    let horizon = input.at.addingTimeInterval(-window)
                    lastHuman = lastHuman.filter { $0.value >= horizon }
                }
            }
            return StoredClick(
                id: input.id, slug: input.slug, at: input.at, visitor: visitor, userAgent: input.userAgent,
                referrer: input.referrer, clickClass: verdict.clickClass.rawValue, reason: verdict.reason)
        }
    }
}
