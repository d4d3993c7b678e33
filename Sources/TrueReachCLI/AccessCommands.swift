import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachCore
import TrueReachReports
import TrueReachStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--workspace NAME`: which workspace a command's account belongs to (default `default`).
struct WorkspaceOption: ParsableArguments {
    @Option(help: "The workspace of the account (created with `truereach workspace create`). Default: default.")
    var workspace: String = Workspace.defaultName

    /// Whether the account has data already (an audience or audits).
    static func exists(_ account: String, in store: any AudienceStore) async throws -> Bool {
        if try await store.fetchAudience(account: account) != nil { return true }
        return !(try await store.fetchAudits(account: account, limit: 1)).isEmpty
    }

    /// Refuses, before anything is written, an account another workspace holds.
    func checkWritable(_ account: String, store: any AudienceStore & AccessStore) async throws {
        try await Workspaces(store: store).checkWritable(
            account, by: workspace, exists: try await Self.exists(account, in: store))
    }

    /// Registers the account in the workspace after a command wrote it.
    func claim(_ account: String, platform: Platform?, store: any AudienceStore & AccessStore) async throws {
        try await Workspaces(store: store).claim(account, platform: platform, for: workspace, exists: false)
    }

    /// Refuses to read an account of another workspace.
    func checkReadable(_ account: String, store: any AccessStore) async throws {
        try await Workspaces(store: store).require(workspace)
        try await Workspaces(store: store).checkReadable(account, by: workspace)
    }
}

/// `truereach user create NAME`: a user of the dashboard, for a server bound beyond loopback.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the dashboard's users (needed to serve beyond loopback).",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a user; the password is read from standard input and stored as a bcrypt hash.",
            discussion: """
                At a terminal the password is asked for twice, without echo. Otherwise the first line of \
                standard input is the password (printf '%s\\n' "$PASSWORD" | truereach user create alice). \
                At least \(Users.minimumPasswordLength) characters, at most 72 bytes.
                """
        )

        @Argument(help: "The user's name (a-z, 0-9, '.', '_', '-').")
        var name: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            do {
                let password = try PasswordInput.read()
                try await store.withStore { database in
                    try await Users(store: database).create(name, password: password)
                }
                FileHandle.standardError.write(Data("Created user \(name) in \(store.displayName).\n".utf8))
            } catch {
                throw TrueReachExit.fail(error)
            }
        }
    }
}

/// Reads a password from standard input: twice without echo at a terminal, else one line.
enum PasswordInput {
    static func read() throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true) else {
                throw AppError(.badInput, "No password on standard input (give it as the first line).")
            }
            return line.hasSuffix("\r") ? String(line.dropLast()) : line
        }
        let first = try prompt("Password: ")
        let second = try prompt("Again: ")
        guard first == second else { throw AppError(.badInput, "The two passwords differ; nothing was created.") }
        return first
    }

    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else {
            throw AppError(.badInput, "No password was given.")
        }
        return line
    }
}

/// `truereach workspace create|list`.
struct WorkspaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace",
        abstract: "Manage workspaces: named sets of tracked accounts, each reached by its own API tokens.",
        subcommands: [Create.self, List.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a workspace.")

        @Argument(help: "Its name (a-z, 0-9, '.', '_', '-').")
        var name: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            do {
                _ = try await store.withStore { try await Workspaces(store: $0).create(name) }
                FileHandle.standardError.write(Data("Created workspace \(name) in \(store.displayName).\n".utf8))
            } catch {
                throw TrueReachExit.fail(error)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the workspaces.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            do {
                let workspaces = try await store.withStore { try await Workspaces(store: $0).all() }
                let lines = workspaces.map { "\($0.name)\t\(ISO8601DateFormatter().string(from: $0.createdAt))" }
                print(lines.joined(separator: "\n"))
            } catch {
                throw TrueReachExit.fail(error)
            }
        }
    }
}

/// `truereach token create|list|revoke --workspace NAME`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage API tokens; each reaches one workspace, sent as Authorization: Bearer TOKEN.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a token and print it, once: only its SHA-256 is stored.")

        @Option(help: "The workspace the token reaches.")
        var workspace: String

        @Option(help: "What the token is for (shown by token list).")
        var name: String = ""

        @OptionGroup var store: StoreOptions

        func run() async throws {
            do {
                let (token, record) = try await store.withStore {
                    try await APITokens(store: $0).create(workspace: workspace, label: name)
                }
                print(token)
                FileHandle.standardError.write(
                    Data(
                        "Created token \(record.id) for workspace \(workspace); it is shown only now.\n".utf8))
            } catch {
                throw TrueReachExit.fail(error)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List a workspace's tokens (id, first characters, created, name).")

        @Option(help: "The workspace.")
        var workspace: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            do {
                let tokens = try await store.withStore { try await APITokens(store: $0).list(workspace: workspace) }
                let formatter = ISO8601DateFormatter()
                let lines = tokens.map { token in
                    "\(token.id)\t\(token.prefix)…\t\(formatter.string(from: token.createdAt))\t"
                        + TerminalText.sanitize(token.label)
                }
                print(lines.joined(separator: "\n"))
            } catch {
                throw TrueReachExit.fail(error)
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a token: requests carrying it get 401 from then on.")

        @Argument(help: "The token's id (token list shows it).")
        var id: Int64

        @Option(help: "The workspace the token belongs to.")
        var workspace: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            do {
                try await store.withStore { try await APITokens(store: $0).revoke(id: id, workspace: workspace) }
                FileHandle.standardError.write(Data("Revoked token \(id) of workspace \(workspace).\n".utf8))
            } catch {
                throw TrueReachExit.fail(error)
            }
        }
    }
}
