public import Foundation
public import TrueReachCore
public import TrueReachStore

/// The outcome jobs, the same for the CLI, the pages and the API: tracked links, conversions and the
/// outcome report.
public struct Outcomes: Sendable {
    let store: any OutcomeStore & AudienceStore

    /// Creates the jobs over a store.
    public init(store: any OutcomeStore & AudienceStore) { self.store = store }

    /// The longest campaign, post or external id accepted, in bytes.
    public static let maximumNameBytes = 200
    /// The longest destination accepted, in bytes.
    public static let maximumURLBytes = 2_048

    // MARK: - Links

    /// Creates a tracked link to `url` for `account`, with an unguessable slug.
    ///
    /// - Parameters:
    ///   - url: The destination: an absolute `http` or `https` URL with a host, so the server is no
    ///     open redirect to other schemes (`javascript:`, `data:`, `file:`).
    ///   - account: The account whose audience the link is posted to.
    ///   - campaign: Its campaign, if any.
    ///   - post: Its post, if any.
    ///   - cost: What placing the link cost (0 or more), if known.
    ///   - currency: The cost's currency (ISO 4217, any case), if given.
    ///   - date: When it is created.
    /// - Returns: The stored link.
    /// - Throws: ``AppError`` `.badInput` naming the field that is wrong.
    public func createLink(
        url: String, account: String, campaign: String? = nil, post: String? = nil, cost: Double? = nil,
        currency: String? = nil, at date: Date
    ) async throws -> TrackedLink {
        try Self.validate(destination: url)
        try Self.validate(name: campaign, field: "campaign")
        try Self.validate(name: post, field: "post")
        if let cost, !(cost.isFinite && cost >= 0) {
            throw AppError(.badInput, "cost: must be a number of 0 or more, not \(cost).")
        }
        let currency = try Self.validate(currency: currency)
        for _ in 0..<4 {
            let link = TrackedLink(
                slug: Self.randomToken(characters: 12), url: url, account: account, campaign: campaign, post: post,
                cost: cost, currency: currency, createdAt: date)
            if try await store.createLink(link) { return link }
        }
        throw AppError(.conflict, "Four random slugs in a row were taken; the store's links table looks wrong.")
    }

    /// Checks a destination: http or https, a host, no spaces or control characters, at most 2,048 bytes.
    ///
    /// - Throws: ``AppError`` `.badInput` naming the field `url`.
    public static func validate(destination url: String) throws {
        guard url.utf8.count <= maximumURLBytes else {
            throw AppError(.badInput, "url: at most \(maximumURLBytes) bytes.")
        }
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }),
            let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else {
            throw AppError(
                .badInput, "url: must be an absolute http:// or https:// URL with a host and no spaces.")
        }
    }

    static func validate(name: String?, field: String) throws {
        guard let name else { return }
        guard !name.isEmpty, name.utf8.count <= maximumNameBytes,
            !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else {
            throw AppError(
                .badInput, "\(field): 1 to \(maximumNameBytes) bytes without control characters.")
        }
    }

    static func validate(currency: String?) throws -> String? {
        guard let currency else { return nil }
        let upper = currency.uppercased()
        guard upper.utf8.count == 3, upper.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) })
        else { throw AppError(.badInput, "currency: three letters (ISO 4217), such as EUR or USD.") }
        return upper
    }

    /// The 62 symbols of ``randomToken(characters:)``.
    static let tokenAlphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

    /// A random token of letters and digits (62 symbols: 5.95 bits each) from the system's secure generator.
    ///
    /// Each draw of the generator (a system call) gives eight bytes; a byte below 248 (4 × 62) picks a
    /// symbol by its remainder, uniformly, and the rest are skipped, so a click id takes about three draws.
    public static func randomToken(characters: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters)
        while bytes.count < characters {
            var word = generator.next()
            for _ in 0..<8 where bytes.count < characters {
                let byte = UInt8(truncatingIfNeeded: word)
                word >>= 8
                if byte < 248 { bytes.append(tokenAlphabet[Int(byte % 62)]) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` cut to at most `limit` UTF-8 bytes at a character boundary (stored header values are bounded).
    public static func clipped(_ text: String?, toBytes limit: Int) -> String? {
        guard let text, text.utf8.count > limit else { return text }
        var out = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            guard used + size <= limit else { break }
            out.append(character)
            used += size
        }
        return out
    }

    /// `url` with `tr_click=ID` added to its query, before any fragment.
    public static func destination(_ url: String, click id: String) -> String {
        let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let base = String(parts[0])
        let fragment = parts.count > 1 ? "#" + parts[1] : ""
        let separator = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
        return base + separator + "tr_click=" + id + fragment
    }

    // MARK: - Conversions

    /// Records a conversion after a click, attributed to the click's link, campaign, post and account.
    ///
    /// - Returns: The stored conversion and whether it is new (`false`: the external id was recorded before,
    ///   and that conversion is returned unchanged).
    /// - Throws: ``AppError`` `.badInput` naming the field, `.notFound` for an unknown click id.
    public func addConversion(_ conversion: NewConversion) async throws -> (conversion: StoredConversion, created: Bool)
    {
        guard !conversion.clickID.isEmpty, conversion.clickID.utf8.count <= 64 else {
            throw AppError(.badInput, "click: a click id (the tr_click value of the redirect).")
        }
        if let value = conversion.value, !(value.isFinite && value >= 0) {
            throw AppError(.badInput, "value: must be a number of 0 or more.")
        }
        try Self.validate(name: conversion.externalID, field: "external_id")
        var conversion = conversion
        conversion.currency = try Self.validate(currency: conversion.currency)
        do {
            return try await store.saveConversion(conversion)
        } catch let error as StoreError where error.code == .notFound {
            throw AppError(.notFound, "click: there is no click with id '\(conversion.clickID)'.")
        }
    }

    // MARK: - Report

    /// The outcome report of an account's links (of one campaign when given).
    ///
    /// Real followers come from the account's latest audit (its true reach); without one the rate per
    /// 1,000 real followers is unknown.
    public func report(account: String, campaign: String? = nil) async throws -> OutcomeReport {
        let counts = try await store.fetchLinkOutcomes(account: account, campaign: campaign)
        let latest = try await store.fetchAudits(account: account, limit: 1).first
        let realFollowers = latest?.trueReach
        let byLink = try await store.fetchUniqueHumanVisitors(account: account, campaign: campaign, by: .link)
        let byPost = try await store.fetchUniqueHumanVisitors(account: account, campaign: campaign, by: .post)
        let byCampaign = try await store.fetchUniqueHumanVisitors(account: account, campaign: campaign, by: .campaign)
        let all = try await store.fetchUniqueHumanVisitors(account: account, campaign: campaign, by: .account)

        func figures(_ group: [LinkOutcomeCounts], visitors: Int) -> OutcomeFigures {
            var clicks: [ClickClass: Int] = [:]
            var values: [String: Double] = [:]
            var conversions = 0
            for item in group {
                for (name, count) in item.clicksByClass {
                    // A class this build does not know (written by a newer one) counts as a bot: never human.
                    clicks[ClickClass(rawValue: name) ?? .bot, default: 0] += count
                }
                conversions += item.conversions
                for (currency, value) in item.valueByCurrency { values[currency, default: 0] += value }
            }
            let costs = group.compactMap { item in item.link.cost.map { (amount: $0, currency: item.link.currency) } }
            return OutcomeFigures(
                clicksByClass: clicks, uniqueHumanVisitors: visitors, conversions: conversions,
                valueByCurrency: values, costs: costs, realFollowers: realFollowers)
        }
        func groups(_ key: (TrackedLink) -> String?, visitors: [String: Int]) -> [GroupOutcome] {
            let grouped = Dictionary(grouping: counts.filter { key($0.link) != nil }) { key($0.link) ?? "" }
            return grouped.keys.sorted().map { name in
                let members = grouped[name] ?? []
                return GroupOutcome(
                    name: name, links: members.map(\.link.slug),
                    figures: figures(members, visitors: visitors[name] ?? 0))
            }
        }
        return OutcomeReport(
            account: account, campaign: campaign, realFollowers: realFollowers,
            links: counts.map { item in
                LinkOutcome(
                    slug: item.link.slug, url: item.link.url, campaign: item.link.campaign, post: item.link.post,
                    figures: figures([item], visitors: byLink[item.link.slug] ?? 0))
            },
            posts: groups(\.post, visitors: byPost), campaigns: groups(\.campaign, visitors: byCampaign),
            total: figures(counts, visitors: all[""] ?? 0))
    }
}
