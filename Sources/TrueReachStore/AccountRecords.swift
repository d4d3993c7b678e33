import Foundation
public import TrueReachCore

/// What an audited account holds besides its followers: its posts and who engaged with them, the
/// profiles of the posts' authors, its follower-count series and follower snapshots.
///
/// Stored under the audited account's name (the same name as its audience and its audit history),
/// so `audit --account` can use them without the files.
public struct AccountRecords: Sendable, Hashable {
    /// The account's posts.
    public var posts: [Post]
    /// Likes, replies and reposts of those posts, by account.
    public var interactions: [Interaction]
    /// Profiles of the posts' authors, as the post source gave them (their current follower counts).
    public var authors: [Profile]
    /// Daily follower (and following) counts.
    public var series: [CountSeries]
    /// Follower lists, oldest first.
    public var snapshots: [FollowerSnapshot]

    /// Creates records; every kind defaults to none.
    public init(
        posts: [Post] = [], interactions: [Interaction] = [], authors: [Profile] = [], series: [CountSeries] = [],
        snapshots: [FollowerSnapshot] = []
    ) {
        self.posts = posts
        self.interactions = interactions
        self.authors = authors
        self.series = series
        self.snapshots = snapshots
    }

    /// Whether no kind holds anything.
    public var isEmpty: Bool {
        posts.isEmpty && interactions.isEmpty && authors.isEmpty && series.isEmpty && snapshots.isEmpty
    }

    /// The kinds of record, as stored in the `kind` column.
    package enum Kind: String, CaseIterable, Sendable {
        case post, interaction, author, series, snapshot
    }

    /// Each kind that holds something, with its records as JSON texts in order.
    package func encodedByKind() throws -> [(kind: Kind, bodies: [String])] {
        let encoder = StoreCoding.recordEncoder()
        func encode(_ values: [some Encodable]) throws -> [String] {
            try values.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        }
        var out: [(Kind, [String])] = []
        if !posts.isEmpty { out.append((.post, try encode(posts))) }
        if !interactions.isEmpty { out.append((.interaction, try encode(interactions))) }
        if !authors.isEmpty { out.append((.author, try encode(authors))) }
        if !series.isEmpty { out.append((.series, try encode(series))) }
        if !snapshots.isEmpty { out.append((.snapshot, try encode(snapshots))) }
        return out
    }

    /// Appends one stored record.
    ///
    /// - Throws: ``StoreError`` `.corruptData` when the row does not decode.
    package mutating func append(kind: String, body: String) throws {
        let decoder = StoreCoding.recordDecoder()
        let data = Data(body.utf8)
        do {
            switch Kind(rawValue: kind) {
            case .post: posts.append(try decoder.decode(Post.self, from: data))
            case .interaction: interactions.append(try decoder.decode(Interaction.self, from: data))
            case .author: authors.append(try decoder.decode(Profile.self, from: data))
            case .series: series.append(try decoder.decode(CountSeries.self, from: data))
            case .snapshot: snapshots.append(try decoder.decode(FollowerSnapshot.self, from: data))
            case nil:
                throw StoreError(code: .corruptData, message: "A stored account record has an unknown kind.")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: .corruptData, message: "A stored \(kind) record cannot be read.", underlying: error)
        }
    }
}
