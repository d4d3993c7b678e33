public import Foundation
public import TrueReachCore
public import TrueReachStore

/// The rules of workspaces, the same for the CLI, the pages and the API.
///
/// Names are unique across the database (accounts as before, workspaces and users by their own
/// tables). A workspace holds an account it registered; an account nobody registered is in
/// ``Workspace/defaultName``. Commands that write an account (`import`, `fetch`, `demo`, an upload)
/// claim it for their workspace first: the first claim registers it, a claim from another workspace
/// is refused, so one workspace can never write into another's account.
public struct Workspaces: Sendable {
    let store: any AccessStore

    /// Creates the rules over a store.
    public init(store: any AccessStore) { self.store = store }

    /// Checks a workspace name: 1 to 64 of `a-z`, `0-9`, `.`, `_`, `-`, starting with a letter or digit.
    ///
    /// - Throws: ``AppError`` `.badInput` saying what is allowed.
    public static func validate(name: String) throws {
        try Self.validate(name, what: "workspace")
    }

    /// Checks a user name by the same rule as workspace names.
    static func validate(_ name: String, what: String) throws {
        let allowed = name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard allowed, (1...64).contains(name.utf8.count), let first = name.utf8.first,
            first != UInt8(ascii: "."), first != UInt8(ascii: "_"), first != UInt8(ascii: "-")
        else {
            throw AppError(
                .badInput,
                "A \(what) name is 1 to 64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit.")
        }
    }

    /// Creates a workspace.
    ///
    /// - Throws: ``AppError`` `.badInput` for a bad name, `.conflict` when it exists.
    public func create(_ name: String, now: Date = Date()) async throws -> Workspace {
        try Self.validate(name: name)
        guard try await store.createWorkspace(name, createdAt: now) else {
            throw AppError(.conflict, "A workspace named \(name) exists already.")
        }
        return Workspace(name: name, createdAt: now)
    }

    /// Every workspace, by name.
    public func all() async throws -> [Workspace] { try await store.fetchWorkspaces() }

    /// Checks that a workspace exists.
    ///
    /// - Throws: ``AppError`` `.notFound`, saying how to create it.
    public func require(_ name: String) async throws {
        try Self.validate(name: name)
        guard try await store.fetchWorkspaces().contains(where: { $0.name == name }) else {
            throw AppError(
                .notFound, "There is no workspace named \(name); create it with `truereach workspace create \(name)`.")
        }
    }

    /// The workspace holding `account` (``Workspace/defaultName`` when none registered it).
    public func workspace(of account: String) async throws -> String {
        try await store.fetchWorkspace(ofAccount: account) ?? Workspace.defaultName
    }

    /// Claims `account` for `workspace` before a command writes it.
    ///
    /// - Parameters:
    ///   - account: The account's name.
    ///   - platform: Its platform, when known.
    ///   - workspace: The workspace claiming it.
    ///   - exists: Whether the account has data already (an audience or audits): such an account
    ///     nobody registered is the default workspace's, and another workspace may not claim it.
    ///   - now: When it is registered.
    /// - Throws: ``AppError`` `.notFound` for a workspace that does not exist, `.conflict` when the
    ///   account is another workspace's.
    public func claim(
        _ account: String, platform: Platform?, for workspace: String, exists: Bool, now: Date = Date()
    ) async throws {
        try await require(workspace)
        if exists, try await store.fetchWorkspace(ofAccount: account) == nil, workspace != Workspace.defaultName {
            throw Self.conflict(account, holder: Workspace.defaultName, asked: workspace)
        }
        let holder = try await store.registerAccount(account, platform: platform, workspace: workspace, createdAt: now)
        guard holder == workspace else { throw Self.conflict(account, holder: holder, asked: workspace) }
    }

    /// Checks, without writing, that `workspace` may write `account` (what ``claim(_:platform:for:exists:now:)``
    /// would refuse), so a command can refuse before it changes anything.
    ///
    /// - Throws: ``AppError`` `.notFound` for a workspace that does not exist, `.conflict` when the
    ///   account is another workspace's.
    public func checkWritable(_ account: String, by workspace: String, exists: Bool) async throws {
        try await require(workspace)
        let holder = try await store.fetchWorkspace(ofAccount: account) ?? (exists ? Workspace.defaultName : workspace)
        guard holder == workspace else { throw Self.conflict(account, holder: holder, asked: workspace) }
    }

    /// Checks that `workspace` may read `account`.
    ///
    /// - Throws: ``AppError`` `.notFound` when the account is another workspace's (the same answer as
    ///   for an account that does not exist, so a workspace cannot learn another's account names).
    public func checkReadable(_ account: String, by workspace: String) async throws {
        guard try await self.workspace(of: account) == workspace else {
            throw AppError(.notFound, "There is no account of that name in workspace \(workspace).")
        }
    }

    private static func conflict(_ account: String, holder: String, asked: String) -> AppError {
        AppError(
            .conflict,
            "The account \(account) belongs to workspace \(holder), not \(asked); use --workspace \(holder) or another name."
        )
    }
}
