import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachCore
import TrueReachReports
import TrueReachStore

/// The store's outcome tables, or a failure naming why there are none.
func outcomeStore(_ database: any AudienceStore & AccessStore) throws -> any OutcomeStore & AudienceStore {
    guard let store = database as? any OutcomeStore & AudienceStore else {
        throw AppError(.cannotOpen, "This database keeps no tracked links.")
    }
    return store
}

/// `truereach link create URL --account NAME`: a tracked link whose clicks are counted, bots filtered out.
struct LinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Create and list tracked links (served by `truereach serve` at /r/SLUG).",
        subcommands: [Create.self, List.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a tracked link to URL and print its address.",
            discussion: """
                The address is BASE/r/SLUG, with a random 12-character slug (71 bits). Following it redirects to \
                URL with tr_click=ID appended (the click id a conversion names) and records the click: time, a \
                salted hash of the visitor (no address is stored), user agent, referrer and its class (human, bot, \
                link_preview, prefetch, email_scanner, duplicate). URL must be http:// or https://.
                Exit codes: 0 ok; 1 failure; 2 a bad URL, cost or currency, or another workspace's account; \
                3 the database cannot be opened; 64 usage error.
                """
        )

        @Argument(help: "The destination (http:// or https://).")
        var url: String

        @Option(help: "The account whose audience the link is posted to.")
        var account: String

        @Option(help: "The campaign the link belongs to.")
        var campaign: String?

        @Option(help: "The post the link is placed in (its id or any name).")
        var post: String?

        @Option(help: "What placing the link cost (a number, 0 or more).")
        var cost: Double?

        @Option(help: "The cost's currency (ISO 4217, e.g. EUR).")
        var currency: String?

        @Option(
            name: .customLong("base-url"),
            help: "The server's public address. Default: $TRUEREACH_BASE_URL, else http://127.0.0.1:8080.")
        var baseURL: String?

        @Flag(help: "Print the link as JSON instead of its address alone.")
        var json = false

        @OptionGroup var store: StoreOptions
        @OptionGroup var workspace: WorkspaceOption

        func run() async throws {
            do {
                let base =
                    baseURL ?? ProcessInfo.processInfo.environment["TRUEREACH_BASE_URL"] ?? "http://127.0.0.1:8080"
                try Outcomes.validate(destination: base)
                let (account, workspace) = (self.account, self.workspace)
                let (url, campaign, post, cost, currency) = (
                    self.url, self.campaign, self.post, self.cost, self.currency
                )
                let link = try await store.withStore { database in
                    try await workspace.checkWritable(account, store: database)
                    let link = try await Outcomes(store: try outcomeStore(database)).createLink(
                        url: url, account: account, campaign: campaign, post: post, cost: cost, currency: currency,
                        at: Date())
                    try await workspace.claim(account, platform: nil, store: database)
                    return link
                }
                let address = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/r/" + link.slug
                if json {
                    let value = TrackedLinkJSON(link, trackedURL: address)
                    print(String(decoding: try JSONOutput.encoder().encode(value), as: UTF8.self))
                } else {
                    print(address)
                }
            } catch {
                throw TrueReachExit.fail(error)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List an account's tracked links as JSON lines.")

        @Option(help: "The account.")
        var account: String

        @Option(help: "Only this campaign's links.")
        var campaign: String?

        @OptionGroup var store: StoreOptions
        @OptionGroup var workspace: WorkspaceOption

        func run() async throws {
            do {
                let (account, campaign, workspace) = (self.account, self.campaign, self.workspace)
                let links = try await store.withStore { database in
                    try await workspace.checkReadable(account, store: database)
                    return try await outcomeStore(database).fetchLinks(account: account, campaign: campaign)
                }
                let encoder = JSONOutput.encoder(pretty: false)
                for link in links { print(String(decoding: try encoder.encode(TrackedLinkJSON(link)), as: UTF8.self)) }
            } catch {
                throw TrueReachExit.fail(error)
            }
        }
    }
}

/// `truereach conversion add --click ID --kind sale --value 49.90 --currency EUR`.
struct ConversionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conversion",
        abstract: "Record conversions (leads, sign-ups, sales) after tracked clicks.",
        subcommands: [Add.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a conversion after the click whose id (tr_click) is given.",
            discussion: """
                The conversion is attributed to the click's link, campaign, post and account. With --external-id \
                the same id again records nothing new and prints the stored conversion.
                Exit codes: 0 ok; 1 failure; 2 an unknown click id, a bad value or currency, or another \
                workspace's click; 3 the database cannot be opened; 64 usage error.
                """
        )

        @Option(help: "The click id (the tr_click value the destination received).")
        var click: String

        @Option(help: "lead, signup or sale.")
        var kind: String

        @Option(help: "The conversion's value (0 or more).")
        var value: Double?

        @Option(help: "The value's currency (ISO 4217, e.g. EUR).")
        var currency: String?

        @Option(name: .customLong("external-id"), help: "Your own id for it: recording it twice stores it once.")
        var externalID: String?

        @OptionGroup var store: StoreOptions
        @OptionGroup var workspace: WorkspaceOption

        func validate() throws {
            guard ConversionKind(rawValue: kind) != nil else {
                throw ValidationError(
                    "--kind must be one of: \(ConversionKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }

        func run() async throws {
            do {
                let workspace = self.workspace
                let conversion = NewConversion(
                    clickID: click, kind: ConversionKind(rawValue: kind) ?? .sale, value: value, currency: currency,
                    externalID: externalID, at: Date())
                let (stored, created) = try await store.withStore { database in
                    let outcomes = try outcomeStore(database)
                    guard let click = try await outcomes.fetchClick(id: conversion.clickID),
                        let link = try await outcomes.fetchLink(slug: click.slug)
                    else { throw AppError(.notFound, "click: there is no click with id '\(conversion.clickID)'.") }
                    do {
                        try await workspace.checkReadable(link.account, store: database)
                    } catch {
                        throw AppError(.notFound, "click: there is no click with id '\(conversion.clickID)'.")
                    }
                    return try await Outcomes(store: outcomes).addConversion(conversion)
                }
                let what = created ? "Recorded" : "Already recorded (same external id)"
                print(
                    "\(what): conversion \(stored.id), \(stored.conversion.kind.rawValue), link \(stored.slug), "
                        + "account \(TerminalText.sanitize(stored.account))"
                        + (stored.campaign.map { ", campaign \(TerminalText.sanitize($0))" } ?? ""))
            } catch {
                throw TrueReachExit.fail(error)
            }
        }
    }
}

/// `truereach outcomes --account NAME [--campaign C] --format table|json|csv|html`.
struct OutcomesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcomes",
        abstract: "What an account's tracked links brought in: human clicks, conversions, cost per result.",
        discussion: """
            Per link, post, campaign and in all: clicks (all, human, and filtered by class), unique human \
            visitors, conversions, conversion rate (per human click), value, cost per human click, cost per \
            conversion, and human clicks per 1,000 real followers (the latest audit's true reach; unknown \
            without an audit). A rate whose denominator is zero or unknown reads unknown.
            Exit codes: 0 ok; 1 failure; 2 another workspace's account; 3 the database cannot be opened; \
            64 usage error.
            """
    )

    @Option(help: "The account.")
    var account: String

    @Option(help: "Only this campaign's links.")
    var campaign: String?

    @Option(help: "Report format: table, json, csv or html.")
    var format: CompareCommand.Format = .table

    @Option(help: "Write the report here instead of standard output.")
    var output: String?

    @OptionGroup var store: StoreOptions
    @OptionGroup var workspace: WorkspaceOption

    func run() async throws {
        do {
            let (account, campaign, workspace) = (self.account, self.campaign, self.workspace)
            let report = try await store.withStore { database in
                try await workspace.checkReadable(account, store: database)
                return try await Outcomes(store: try outcomeStore(database)).report(
                    account: account, campaign: campaign)
            }
            let text: String
            switch format {
            case .table: text = OutcomeRendering.table(report)
            case .json: text = try OutcomeRendering.json(report)
            case .csv: text = OutcomeRendering.csv(report)
            case .html: text = OutcomeRendering.html(report)
            }
            let sink = try OutputSink(path: output)
            try sink.write(text)
            try sink.close()
        } catch {
            throw TrueReachExit.fail(error)
        }
    }
}
