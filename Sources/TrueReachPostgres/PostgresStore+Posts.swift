import Foundation
import PostgresNIO
import TrueReachCore
import TrueReachStore

// Posts, interactions and daily count series. Each save is one transaction of multi-row
// `INSERT … SELECT … FROM unnest(…)` statements, chunk by chunk.
extension PostgresStore {
    /// Rows per statement for the engagement tables.
    static let engagementChunk = 5_000

    /// Saves posts, replacing any with the same platform and id (the last one given wins).
    ///
    /// - Throws: ``StoreError``, or `CancellationError` (nothing is written).
    /// - Complexity: O(*n* log *n*), one round trip per 5,000 posts.
    public func savePosts(_ posts: [Post]) async throws {
        let logger = self.logger
        try await transaction { connection in
            for start in stride(from: 0, to: posts.count, by: Self.engagementChunk) {
                try Task.checkCancellation()
                let chunk = posts[start..<min(start + Self.engagementChunk, posts.count)]
                var p = Parameters()
                func text(_ value: (Post) -> String?) throws -> String {
                    try p.array(chunk.map { PostgresText.encode(value($0)) }, as: "text")
                }
                func int(_ value: (Post) -> Int?) throws -> String {
                    try p.array(chunk.map { value($0).map(Int64.init) }, as: "int8")
                }
                let arrays = [
                    try text { $0.platform.rawValue }, try text { $0.id.rawValue }, try text { $0.author.rawValue },
                    try p.array(chunk.map { $0.createdAt?.timeIntervalSince1970 }, as: "float8"),
                    try text { $0.kind.rawValue }, try text(\.text),
                    try text { StoreCoding.encodeList($0.links) }, try int(\.mediaCount),
                    try text { StoreCoding.encodeList($0.tags) },
                    try int(\.likes), try int(\.replies), try int(\.reposts), try int(\.quotes), try int(\.saves),
                    try int(\.clicks), try int(\.impressions), try int(\.reach), try int(\.followersAtPosting),
                    try text { $0.format?.rawValue }, try int(\.engagedUsers),
                ]
                let columns = Self.postColumns.joined(separator: ", ")
                let updates = Self.postColumns.dropFirst(2).map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
                _ = try await connection.query(
                    p.query(
                        """
                        INSERT INTO posts (\(columns))
                        SELECT DISTINCT ON (platform, id) \(columns)
                        FROM unnest(\(arrays.joined(separator: ", "))) WITH ORDINALITY AS t(\(columns), ordinal)
                        ORDER BY platform, id, ordinal DESC
                        ON CONFLICT (platform, id) DO UPDATE SET \(updates)
                        """
                    ),
                    logger: logger
                ).collect()
            }
        }
    }

    private static let postColumns = [
        "platform", "id", "author", "created_at", "kind", "text", "links", "media_count", "tags", "likes", "replies",
        "reposts", "quotes", "saves", "clicks", "impressions", "reach", "followers_at_posting", "format",
        "engaged_users",
    ]

    /// The posts of one author, oldest first (undated last, ties by id).
    ///
    /// - Throws: ``StoreError``.
    public func fetchPosts(platform: Platform, author: ProfileID) async throws -> [Post] {
        let storedAuthor = PostgresText.encode(author.rawValue)
        let result = try await rows(
            """
            SELECT platform, id, author, created_at, kind, text, links, media_count, tags, likes, replies,
                reposts, quotes, saves, clicks, impressions, reach, followers_at_posting, format, engaged_users
            FROM posts WHERE platform = \(platform.rawValue) AND author = \(storedAuthor)
            ORDER BY created_at IS NULL, created_at, id COLLATE "C"
            """
        )
        return try result.compactMap { row in
            let c = row.makeRandomAccess()
            func int(_ i: Int) throws -> Int? { try c[i].decode(Int?.self) }
            guard let platform = Platform(rawValue: try c[0].decode(String.self)),
                let kind = PostKind(rawValue: try c[4].decode(String.self))
            else { return nil }
            return Post(
                platform: platform,
                id: PostID(PostgresText.decode(try c[1].decode(String.self))),
                author: ProfileID(PostgresText.decode(try c[2].decode(String.self))),
                createdAt: try c[3].decode(Double?.self).map { Date(timeIntervalSince1970: $0) },
                kind: kind,
                text: PostgresText.decode(try c[5].decode(String?.self)),
                links: StoreCoding.decodeList(try c[6].decode(String.self)),
                mediaCount: try c[7].decode(Int.self),
                tags: StoreCoding.decodeList(try c[8].decode(String.self)),
                likes: try int(9), replies: try int(10), reposts: try int(11), quotes: try int(12),
                saves: try int(13), clicks: try int(14), impressions: try int(15), reach: try int(16),
                followersAtPosting: try int(17),
                format: try c[18].decode(String?.self).flatMap(PostFormat.init(rawValue:)),
                engagedUsers: try int(19)
            )
        }
    }

    /// Appends interactions in one transaction, keeping their order.
    ///
    /// - Throws: ``StoreError``, or `CancellationError` (nothing is written).
    public func saveInteractions(_ interactions: [Interaction]) async throws {
        let logger = self.logger
        try await transaction { connection in
            for start in stride(from: 0, to: interactions.count, by: Self.engagementChunk) {
                try Task.checkCancellation()
                let chunk = interactions[start..<min(start + Self.engagementChunk, interactions.count)]
                var p = Parameters()
                func text(_ value: (Interaction) -> String?) throws -> String {
                    try p.array(chunk.map { PostgresText.encode(value($0)) }, as: "text")
                }
                let arrays = [
                    try text { $0.platform.rawValue }, try text { $0.post.rawValue }, try text { $0.profile.rawValue },
                    try text { $0.kind.rawValue },
                    try p.array(chunk.map { $0.createdAt?.timeIntervalSince1970 }, as: "float8"), try text(\.text),
                ]
                _ = try await connection.query(
                    p.query(
                        """
                        INSERT INTO interactions (platform, post, profile, kind, created_at, text)
                        SELECT platform, post, profile, kind, created_at, text
                        FROM unnest(\(arrays.joined(separator: ", "))) WITH ORDINALITY
                            AS t(platform, post, profile, kind, created_at, text, ordinal)
                        ORDER BY ordinal
                        """
                    ),
                    logger: logger
                ).collect()
            }
        }
    }

    /// The interactions with one post, in insertion order.
    ///
    /// - Throws: ``StoreError``.
    public func fetchInteractions(platform: Platform, post: PostID) async throws -> [Interaction] {
        let storedPost = PostgresText.encode(post.rawValue)
        let result = try await rows(
            """
            SELECT platform, post, profile, kind, created_at, text FROM interactions
            WHERE platform = \(platform.rawValue) AND post = \(storedPost) ORDER BY rowid
            """
        )
        return try result.compactMap { row in
            let c = row.makeRandomAccess()
            guard let platform = Platform(rawValue: try c[0].decode(String.self)),
                let kind = InteractionKind(rawValue: try c[3].decode(String.self))
            else { return nil }
            return Interaction(
                platform: platform,
                post: PostID(PostgresText.decode(try c[1].decode(String.self))),
                profile: ProfileID(PostgresText.decode(try c[2].decode(String.self))),
                kind: kind,
                createdAt: try c[4].decode(Double?.self).map { Date(timeIntervalSince1970: $0) },
                text: PostgresText.decode(try c[5].decode(String?.self))
            )
        }
    }

    /// Saves a count series, replacing the days it holds and keeping the others.
    ///
    /// - Throws: ``StoreError``, or `CancellationError` (nothing is written).
    public func saveCountSeries(_ series: CountSeries) async throws {
        let logger = self.logger
        let name = PostgresText.encode(series.name)
        try await transaction { connection in
            for start in stride(from: 0, to: series.points.count, by: Self.engagementChunk) {
                try Task.checkCancellation()
                let chunk = series.points[start..<min(start + Self.engagementChunk, series.points.count)]
                var p = Parameters()
                let namePlaceholder = try p.add(name)
                let platformPlaceholder = try p.add(series.platform?.rawValue)
                let arrays = [
                    try p.array(chunk.map { Int64($0.day.daysSinceEpoch) }, as: "int8"),
                    try p.array(chunk.map { $0.followers.map(Int64.init) }, as: "int8"),
                    try p.array(chunk.map { $0.following.map(Int64.init) }, as: "int8"),
                    try p.array(chunk.map(\.estimated), as: "bool"),
                ]
                _ = try await connection.query(
                    p.query(
                        """
                        INSERT INTO count_points (series, platform, day, followers, following, estimated)
                        SELECT DISTINCT ON (day) \(namePlaceholder)::text, \(platformPlaceholder)::text,
                            day, followers, following, estimated
                        FROM unnest(\(arrays.joined(separator: ", "))) WITH ORDINALITY
                            AS t(day, followers, following, estimated, ordinal)
                        ORDER BY day, ordinal DESC
                        ON CONFLICT (series, day) DO UPDATE SET platform = EXCLUDED.platform,
                            followers = EXCLUDED.followers, following = EXCLUDED.following,
                            estimated = EXCLUDED.estimated
                        """
                    ),
                    logger: logger
                ).collect()
            }
        }
    }

    /// A stored count series by name, or `nil` when none is stored.
    ///
    /// - Throws: ``StoreError``.
    public func fetchCountSeries(name: String) async throws -> CountSeries? {
        let storedName = PostgresText.encode(name)
        let result = try await rows(
            """
            SELECT platform, day, followers, following, estimated FROM count_points
            WHERE series = \(storedName) ORDER BY day
            """
        )
        guard let first = result.first else { return nil }
        let platform = try first.makeRandomAccess()[0].decode(String?.self)
        let points = try result.map { row in
            let c = row.makeRandomAccess()
            return CountPoint(
                day: CalendarDay(daysSinceEpoch: try c[1].decode(Int.self)),
                followers: try c[2].decode(Int?.self),
                following: try c[3].decode(Int?.self),
                estimated: try c[4].decode(Bool.self)
            )
        }
        return CountSeries(name: name, platform: platform.flatMap(Platform.init(rawValue:)), points: points)
    }
}
