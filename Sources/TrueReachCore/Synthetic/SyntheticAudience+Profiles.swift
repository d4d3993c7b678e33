import FoundationEssentials

// How one synthetic account is drawn. Every account's draws come from its own substream
// (`SeededGenerator(seed:stream: index)`), so an account depends only on the seed and its position.

extension SyntheticAudience {
    /// One purchase of fake followers: a run of consecutive positions, created within three days.
    struct Purchase: Sendable, Hashable {
        var start: Int
        var size: Int
        /// Unix seconds at which the purchase's accounts start being created.
        var createdFrom: Int64

        /// Splits `round(count × boughtShare)` bought followers into three purchases, one at the
        /// start of each third of the list.
        static func plan(count: Int, boughtShare: Double, now: Int64, seed: UInt64) -> [Purchase] {
            let total = Swift.min(count, Int((Double(count) * boughtShare).rounded()))
            guard total > 0 else { return [] }
            var rng = SeededGenerator(seed: seed, stream: .max)
            let parts = 3
            var sizes = (0..<parts).map { j in (j + 1) * total / parts - j * total / parts }
            let lengths = (0..<parts).map { j in (j + 1) * count / parts - j * count / parts }
            // Rounding can leave a purchase longer than its third; move the excess to thirds with room.
            var excess = 0
            for j in 0..<parts where sizes[j] > lengths[j] {
                excess += sizes[j] - lengths[j]
                sizes[j] = lengths[j]
            }
            for j in 0..<parts where excess > 0 {
                let room = Swift.min(excess, lengths[j] - sizes[j])
                sizes[j] += room
                excess -= room
            }
            var purchases: [Purchase] = []
            for j in 0..<parts where sizes[j] > 0 {
                let daysAgo = Int64(rng.int(in: 20...420))
                purchases.append(
                    Purchase(start: j * count / parts, size: sizes[j], createdFrom: now - daysAgo * 86_400)
                )
            }
            return purchases
        }

        func contains(_ index: Int) -> Bool {
            index >= start && index < start + size
        }
    }

    func generator(at index: Int) -> SeededGenerator {
        SeededGenerator(seed: seed, stream: UInt64(truncatingIfNeeded: index))
    }

    func purchase(at index: Int) -> Purchase? {
        for purchase in purchases where purchase.contains(index) {
            return purchase
        }
        return nil
    }

    static func organicArchetype(_ u: Double) -> Archetype {
        switch u {
        case ..<0.60: .regular
        case ..<0.78: .lurker
        case ..<0.93: .inactive
        case ..<0.99: .massFollower
        default: .influencer
        }
    }

    /// The account at `index` (the collection's subscript, without the bounds check).
    func makeProfile(at index: Int) -> Profile {
        var rng = generator(at: index)
        // The archetype draw comes first for every account, so `archetype(at:)` can repeat it alone.
        let archetypeDraw = rng.unit()
        var account: Profile
        if let purchase = purchase(at: index) {
            account = makeBought(at: index, purchase: purchase, using: &rng)
        } else {
            account = makeOrganic(at: index, archetype: Self.organicArchetype(archetypeDraw), using: &rng)
        }
        if count >= HostileSpecimen.minimumCount,
            let specimen = HostileSpecimen.specimen(at: index, count: count)
        {
            specimen.apply(to: &account)
        }
        return account
    }

    // MARK: - Organic followers

    private static let day: Int64 = 86_400
    /// 2006-07-15T00:00:00Z, when the first public accounts were opened.
    private static let platformOpened: Int64 = 1_152_921_600

    private func makeOrganic(at index: Int, archetype: Archetype, using rng: inout SeededGenerator) -> Profile {
        let culture = SyntheticVocabulary.culture(for: rng.unit())
        let first = rng.pick(culture.firstNames)
        let last = rng.pick(culture.lastNames)
        let maxAgeDays = Swift.max(30, (nowSeconds - Self.platformOpened) / Self.day)

        var followers: Int
        var following: Int
        var posts: Int
        var likes: Int
        var lists = rng.chance(0.35) ? 0 : rng.logNormal(median: 2, sigma: 1.2)
        var ageDays = Int64(rng.logNormal(median: 2_600, sigma: 0.55))
        var lastPostSecondsAgo: Int64?
        var emptyBio = 0.28
        var defaultAvatar = 0.02
        var verified = 0.0015
        var hasURL = 0.15
        switch archetype {
        case .regular, .bought:
            followers = rng.logNormal(median: 180, sigma: 1.3)
            following = Swift.min(rng.logNormal(median: 250, sigma: 0.9), 4_999)
            posts = Swift.max(1, rng.logNormal(median: 900, sigma: 1.5))
            likes = rng.chance(0.05) ? 0 : rng.logNormal(median: 1_500, sigma: 1.8)
            lastPostSecondsAgo = recentPost(meanDays: 3, using: &rng)
        case .lurker:
            followers = rng.logNormal(median: 12, sigma: 1.1)
            following = rng.logNormal(median: 90, sigma: 1.0)
            posts = 0
            likes = rng.chance(0.4) ? 0 : rng.logNormal(median: 30, sigma: 1.5)
            lists = rng.chance(0.9) ? 0 : 1
            ageDays = Int64(rng.logNormal(median: 1_500, sigma: 0.8))
            emptyBio = 0.6
            defaultAvatar = 0.15
        case .inactive:
            followers = rng.logNormal(median: 80, sigma: 1.2)
            following = rng.logNormal(median: 150, sigma: 1.0)
            posts = Swift.max(1, rng.logNormal(median: 150, sigma: 1.4))
            likes = rng.logNormal(median: 200, sigma: 1.8)
            ageDays = Swift.max(200, Int64(rng.logNormal(median: 3_200, sigma: 0.5)))
            let quietDays = Int64(rng.int(in: 91...3_000))
            lastPostSecondsAgo = quietDays * Self.day + Int64(rng.int(in: 0...86_399))
            emptyBio = 0.4
            defaultAvatar = 0.08
        case .massFollower:
            following = rng.int(in: 2_000...7_000)
            followers = rng.logNormal(median: 1_500, sigma: 0.9)
            posts = Swift.max(1, rng.logNormal(median: 3_000, sigma: 1.2))
            likes = rng.logNormal(median: 5_000, sigma: 1.5)
            lastPostSecondsAgo = recentPost(meanDays: 1, using: &rng)
            emptyBio = 0.2
            defaultAvatar = 0.03
        case .influencer:
            followers = 5_001 + rng.logNormal(median: 20_000, sigma: 1.4)
            following = rng.logNormal(median: 600, sigma: 1.2)
            posts = Swift.max(1, rng.logNormal(median: 8_000, sigma: 1.0))
            likes = rng.logNormal(median: 6_000, sigma: 1.5)
            lists = rng.logNormal(median: 150, sigma: 1.0)
            lastPostSecondsAgo = recentPost(meanDays: 0.5, using: &rng)
            emptyBio = 0.05
            defaultAvatar = 0
            verified = 0.35
            hasURL = 0.6
        }
        if ageDays >= maxAgeDays {
            // Spread the tail over the early years instead of piling it up on the opening day.
            ageDays = Int64(rng.int(in: Int(maxAgeDays * 3 / 5)...Int(maxAgeDays - 1)))
        }
        ageDays = Swift.max(ageDays, 30)
        let createdAt = nowSeconds - ageDays * Self.day - Int64(rng.int(in: 0...86_399))
        let lastPostAt = lastPostSecondsAgo.map { Swift.max(nowSeconds - $0, createdAt + 60) }
        let handle = organicHandle(first: first, last: last, using: &rng)

        return Profile(
            platform: platform,
            id: accountID(index: index, createdAt: createdAt, using: &rng),
            handle: handle,
            displayName: organicDisplayName(culture: culture, first: first, last: last, using: &rng),
            bio: rng.chance(emptyBio) ? "" : organicBio(culture: culture, archetype: archetype, using: &rng),
            followersCount: followers,
            followingCount: following,
            postsCount: posts,
            likesCount: likes,
            listsCount: lists,
            createdAt: date(createdAt),
            capturedAt: now,
            lastPostAt: lastPostAt.map(date),
            verified: rng.chance(verified),
            defaultAvatar: rng.chance(defaultAvatar),
            defaultProfile: rng.chance(0.35),
            backgroundImage: rng.chance(0.8),
            private: archetype != .influencer && rng.chance(0.05),
            url: rng.chance(hasURL) ? shortLink(using: &rng) : nil,
            location: rng.chance(0.55) ? rng.pick(culture.places) : "",
            language: rng.chance(0.7) ? culture.language : nil
        )
    }

    private func recentPost(meanDays: Double, using rng: inout SeededGenerator) -> Int64 {
        let seconds = rng.exponential(mean: meanDays * 86_400)
        return Int64(Swift.min(Swift.max(seconds, 60), 85 * 86_400))
    }

    private func organicHandle(
        first: SyntheticVocabulary.Name,
        last: SyntheticVocabulary.Name,
        using rng: inout SeededGenerator
    ) -> String {
        let separator = platform == .instagram ? rng.pick(["", ".", "_", "."]) : rng.pick(["", "_", ""])
        let camel = rng.chance(0.2)
        let f = camel ? capitalized(first.ascii) : first.ascii
        let l = camel ? capitalized(last.ascii) : last.ascii
        var handle: String
        switch rng.unit() {
        case ..<0.22:
            handle = f + separator + l
        case ..<0.38:
            let year = rng.chance(0.7) ? String(rng.int(in: 1965...2006)) : twoDigits(rng.int(in: 60...99))
            handle = f + separator + String(l.prefix(1)) + year
        case ..<0.50:
            handle = String(f.prefix(1)) + l + (rng.chance(0.3) ? twoDigits(rng.int(in: 0...99)) : "")
        case ..<0.62:
            handle = rng.pick(SyntheticVocabulary.handleWords) + separator + rng.pick(SyntheticVocabulary.handleWords)
            if rng.chance(0.3) { handle += String(rng.int(in: 1...999)) }
        case ..<0.74:
            handle = f + l + String(rng.int(in: 1...999))
        case ..<0.86:
            handle = f + separator + rng.pick(SyntheticVocabulary.handleWords)
        default:
            handle = l + separator + String(f.prefix(1))
        }
        return finishHandle(handle)
    }

    private func organicDisplayName(
        culture: SyntheticVocabulary.Culture,
        first: SyntheticVocabulary.Name,
        last: SyntheticVocabulary.Name,
        using rng: inout SeededGenerator
    ) -> String {
        let full = culture.familyNameFirst ? last.shown + first.shown : first.shown + " " + last.shown
        switch rng.unit() {
        case ..<0.65: return full
        case ..<0.80: return first.shown
        case ..<0.88: return first.shown + " " + rng.pick(SyntheticVocabulary.emoji)
        case ..<0.94:
            return capitalized(rng.pick(SyntheticVocabulary.handleWords)) + " "
                + capitalized(rng.pick(SyntheticVocabulary.handleWords))
        default: return first.shown + " " + String(last.shown.prefix(1)) + "."
        }
    }

    private func organicBio(
        culture: SyntheticVocabulary.Culture,
        archetype: Archetype,
        using rng: inout SeededGenerator
    ) -> String {
        let phrases = archetype == .influencer ? 3 : rng.int(in: 1...3)
        let separator = rng.pick([" | ", ". ", " · ", " / ", " • "])
        var used = [rng.pick(culture.bioPhrases)]
        for _ in 1..<phrases {
            // Bilingual bios are common: one phrase in four comes from English.
            let source = rng.chance(0.25) ? SyntheticVocabulary.english : culture
            let phrase = rng.pick(source.bioPhrases)
            if !used.contains(phrase) { used.append(phrase) }
        }
        var bio = used.joined(separator: separator)
        if rng.chance(0.1) { bio += " " + rng.pick(SyntheticVocabulary.hashtags) }
        if rng.chance(0.25) { bio += " " + rng.pick(SyntheticVocabulary.emoji) }
        return bio
    }

    // MARK: - Bought followers

    private func makeBought(at index: Int, purchase: Purchase, using rng: inout SeededGenerator) -> Profile {
        let culture = SyntheticVocabulary.culture(for: rng.unit())
        let first = rng.pick(culture.firstNames)
        let last = rng.pick(culture.lastNames)
        let createdAt = Swift.min(purchase.createdFrom + Int64(rng.int(in: 0...(3 * 86_400 - 1))), nowSeconds - 3_600)
        let posts = rng.chance(0.55) ? 0 : rng.int(in: 1...3)
        let lastPostAt = posts == 0 ? nil : Swift.min(createdAt + Int64(rng.int(in: 3_600...(10 * 86_400))), nowSeconds)
        let handle = boughtHandle(first: first, last: last, using: &rng)

        let displayName: String
        switch rng.unit() {
        case ..<0.45: displayName = first.shown
        case ..<0.65: displayName = culture.familyNameFirst ? last.shown + first.shown : first.shown + " " + last.shown
        case ..<0.85: displayName = handle
        default: displayName = ""
        }

        return Profile(
            platform: platform,
            id: accountID(index: index, createdAt: createdAt, using: &rng),
            handle: handle,
            displayName: displayName,
            bio: rng.chance(0.94) ? "" : rng.pick(SyntheticVocabulary.spamBios),
            followersCount: rng.chance(0.5) ? 0 : Swift.min(rng.logNormal(median: 2, sigma: 1.0), 40),
            followingCount: Swift.min(Swift.max(rng.logNormal(median: 700, sigma: 0.7), 100), 7_500),
            postsCount: posts,
            likesCount: rng.chance(0.6) ? 0 : rng.int(in: 1...30),
            listsCount: 0,
            createdAt: date(createdAt),
            capturedAt: now,
            lastPostAt: lastPostAt.map(date),
            verified: false,
            defaultAvatar: rng.chance(0.88),
            defaultProfile: rng.chance(0.96),
            backgroundImage: rng.chance(0.97),
            private: rng.chance(0.01),
            url: nil,
            location: rng.chance(0.9) ? "" : rng.pick(culture.places),
            language: rng.chance(0.5) ? nil : (rng.chance(0.6) ? "en" : culture.language)
        )
    }

    private func boughtHandle(
        first: SyntheticVocabulary.Name,
        last: SyntheticVocabulary.Name,
        using rng: inout SeededGenerator
    ) -> String {
        switch rng.unit() {
        case ..<0.30:
            return finishHandle("user" + digits(8, using: &rng))
        case ..<0.65:
            let name = rng.chance(0.5) ? capitalized(first.ascii) : first.ascii
            return finishHandle(name + digits(rng.int(in: 6...8), using: &rng))
        case ..<0.85:
            var handle = ""
            for _ in 0..<rng.int(in: 10...15) {
                handle.append(
                    rng.chance(0.5)
                        ? Character(Unicode.Scalar(UInt8(48 + rng.int(in: 0...9))))
                        : rng.pick(SyntheticVocabulary.alphanumerics)
                )
            }
            return finishHandle(handle)
        default:
            return finishHandle(first.ascii + last.ascii + digits(rng.int(in: 4...6), using: &rng))
        }
    }

    // MARK: - Identifiers, dates, text helpers

    /// A platform-shaped, unique identifier.
    ///
    /// X: accounts created since 2013 get a snowflake id (creation milliseconds above 22 bits that
    /// hold the position, so ids are unique up to 4,194,304 accounts and practically beyond);
    /// older ones a 32-bit id that is a bijection of the position. Bluesky: a `did:plc:`.
    private func accountID(index: Int, createdAt: Int64, using rng: inout SeededGenerator) -> ProfileID {
        let position = UInt64(truncatingIfNeeded: index)
        switch platform {
        case .bluesky:
            var mixed = SeededGenerator.mix(seed ^ position)
            var did = "did:plc:"
            let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
            for _ in 0..<24 {
                did.append(alphabet[Int(mixed & 31)])
                mixed = (mixed >> 5) | (mixed << 59)
                if did.utf8.count % 12 == 0 { mixed = SeededGenerator.mix(mixed) }
            }
            return ProfileID(did)
        default:
            let twitterEpochMilliseconds: Int64 = 1_288_834_974_657
            if createdAt >= 1_356_998_400 {
                let milliseconds = createdAt * 1_000 + Int64(rng.int(in: 0...999)) - twitterEpochMilliseconds
                let id = (UInt64(milliseconds) << 22) | (position & 0x3F_FFFF)
                return ProfileID(String(id))
            }
            var x = UInt32(truncatingIfNeeded: position) ^ UInt32(truncatingIfNeeded: seed)
            x ^= x >> 16
            x &*= 0x7FEB_352D
            x ^= x >> 15
            x &*= 0x846C_A68B
            x ^= x >> 16
            return ProfileID(String(UInt64(x) + 10_000))
        }
    }

    private func date(_ seconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(seconds))
    }

    /// Cuts a handle to the platform's limit (15 characters on X, 30 on Instagram) and adds the
    /// Bluesky domain.
    private func finishHandle(_ handle: String) -> String {
        switch platform {
        case .bluesky: handle.lowercased().replacingUnderscores() + ".bsky.social"
        case .instagram: String(handle.prefix(30)).lowercased()
        default: String(handle.prefix(15))
        }
    }

    private func shortLink(using rng: inout SeededGenerator) -> String {
        var link = "https://t.co/"
        for _ in 0..<10 { link.append(rng.pick(SyntheticVocabulary.urlCharacters)) }
        return link
    }

    private func digits(_ n: Int, using rng: inout SeededGenerator) -> String {
        var text = ""
        text.reserveCapacity(n)
        for _ in 0..<n { text.append(Character(Unicode.Scalar(UInt8(48 + rng.int(in: 0...9))))) }
        return text
    }

    private func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }

    private func capitalized(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
