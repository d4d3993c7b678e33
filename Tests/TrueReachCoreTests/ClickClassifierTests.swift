import Testing

@testable import TrueReachCore

/// The click classifier and its rules file, on small inline files (the shipped file and the corpus are
/// measured by the application tests).
@Suite struct ClickClassifierTests {
    /// A small rules file in the shipped format: specific groups, an exception, then generic tokens.
    static let file = """
        # header comment
        link_preview\timessage\tfacebookexternalhit/1.1 Facebot Twitterbot/1.0\thttps://example.org/imessage
        link_preview\ttelegram\tTelegramBot\thttps://example.org/telegram
        link_preview\tslack\tSlackbot\thttps://api.slack.com/robots
        link_preview\tx-twitter\tTwitterbot\thttps://example.org/twitter
        link_preview\tfacebook\tfacebookexternalhit\thttps://example.org/facebook

        email_scanner\tbarracuda\tBarracuda\thttps://example.org/barracuda
        bot\tgooglebot\tGooglebot\thttps://example.org/google
        bot\thttp-library\tcurl/\thttps://curl.se/docs/manpage.html
        human\tcubot-phones\tCUBOT\thttps://example.org/cubot
        bot\tgeneric\tbot\thttps://example.org/generic
        """

    static func classifier() throws -> ClickClassifier {
        ClickClassifier(rules: try ClickAgentRules(parsing: file, source: "test.tsv"))
    }

    static func parseError(_ text: String) -> ClickAgentRulesError? {
        do throws(ClickAgentRulesError) {
            _ = try ClickAgentRules(parsing: text, source: "user.tsv")
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Parsing

    @Test func parsesRulesSkippingCommentsAndBlankLines() throws {
        // Given a file with a comment, a blank line and ten rules
        let rules = try ClickAgentRules(parsing: Self.file, source: "test.tsv")
        // Then every rule is read, in order, with its line number
        #expect(rules.count == 10)
        #expect(rules.rules.first?.group == "imessage")
        #expect(rules.rules.first?.line == 2)
        #expect(rules.rules.last?.pattern == "bot")
        #expect(rules.rules.last?.line == 12)
    }

    @Test func acceptsWindowsLineEndingsAndAByteOrderMark() throws {
        let text = "\u{FEFF}# rules\r\nbot\tgeneric\tbot\thttps://example.org\r\n"
        let rules = try ClickAgentRules(parsing: text, source: "crlf.tsv")
        #expect(rules.count == 1)
        #expect(rules.rules.first?.source == "https://example.org")
    }

    @Test func wrongFieldCountNamesTheLineAndField() throws {
        let error = try #require(Self.parseError("# c\nbot\tgeneric\tbot\n"))
        #expect(error.code == .fieldCount)
        #expect(error.line == 2)
        #expect(error.field == "fields")
        #expect(error.source == "user.tsv")
        #expect(error.description.hasPrefix("user.tsv:2: field fields"))
    }

    @Test func unknownClassNamesTheLineAndField() throws {
        let error = try #require(Self.parseError("bot\tg\tbot\ts\nrobot\tg\tbot\ts\n"))
        #expect(error.code == .unknownClass)
        #expect(error.line == 2)
        #expect(error.field == "class")
    }

    @Test func duplicateIsNotAClassARuleMayGive() throws {
        let error = try #require(Self.parseError("duplicate\tg\tbot\ts\n"))
        #expect(error.code == .unknownClass)
        #expect(error.field == "class")
    }

    @Test func emptyPatternNamesTheLineAndField() throws {
        let error = try #require(Self.parseError("\n\nbot\tgeneric\t\thttps://example.org\n"))
        #expect(error.code == .emptyPattern)
        #expect(error.line == 3)
        #expect(error.field == "pattern")
        #expect(error.description.contains("user.tsv:3"))
    }

    @Test func emptyGroupOrSourceIsAnError() throws {
        let group = try #require(Self.parseError("bot\t\tbot\thttps://example.org\n"))
        #expect(group.code == .emptyField)
        #expect(group.field == "group")
        let source = try #require(Self.parseError("bot\tgeneric\tbot\t \n"))
        #expect(source.code == .emptyField)
        #expect(source.field == "source")
    }

    @Test func patternKeepsItsSpaces() throws {
        // Given a pattern with a leading space
        let rules = try ClickAgentRules(parsing: "bot\tfeed-reader\t subscribers\ts\n", source: "t.tsv")
        let classifier = ClickClassifier(rules: rules)
        // Then it matches only with the space
        let spaced = classifier.classify(ClickRequest(method: "GET", userAgent: "Feedbin - 9 subscribers"))
        #expect(spaced.clickClass == .bot)
        #expect(classifier.classify(ClickRequest(method: "GET", userAgent: "nosubscribers")).clickClass == .human)
    }

    @Test func mergedRulesTryTheUserRulesAfterTheShippedOnes() throws {
        // Given shipped rules and a user's file that adds a private monitor
        let shipped = try ClickAgentRules(parsing: Self.file, source: "shipped.tsv")
        let user = try ClickAgentRules(
            parsing: "bot\tour-monitor\tAcmeWatch\tinternal\nlink_preview\tx\tSlackbot\tinternal\n", source: "user.tsv")
        // When they are merged
        let merged = shipped.merged(with: user)
        let classifier = ClickClassifier(rules: merged)
        // Then the user's rules extend the shipped ones and come after them
        #expect(merged.count == shipped.count + 2)
        #expect(merged.rules.last?.group == "x")
        let watch = classifier.classify(ClickRequest(method: "GET", userAgent: "AcmeWatch/2.0"))
        #expect(watch.clickClass == .bot)
        #expect(watch.reason.contains("our-monitor"))
        let slack = classifier.classify(ClickRequest(method: "GET", userAgent: "Slackbot 1.0"))
        #expect(slack.reason.contains("group slack,"))
    }

    // MARK: - Method, headers, missing user agent

    @Test(arguments: ["HEAD", "head", "OPTIONS", "POST"])
    func nonGetRequestIsNeverAClick(method: String) throws {
        let verdict = try Self.classifier().classify(
            ClickRequest(method: method, userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/127.0.0.0"))
        #expect(verdict.clickClass == .bot)
        #expect(verdict.reason == "\(method.uppercased()) request is never a click")
    }

    @Test func headReasonIsTheDocumentedSentence() throws {
        let verdict = try Self.classifier().classify(ClickRequest(method: "HEAD", userAgent: nil))
        #expect(verdict == ClickVerdict(clickClass: .bot, reason: "HEAD request is never a click"))
    }

    @Test(arguments: [
        ("sec-purpose", "prefetch"),
        ("sec-purpose", "prefetch;prerender"),
        ("sec-purpose", "prefetch;anonymous-client-ip"),
        ("sec-purpose", "Prerender"),
        ("purpose", "prefetch"),
        ("purpose", "preview"),
        ("x-purpose", "preview"),
        ("x-purpose", "prefetch"),
        ("x-moz", "prefetch"),
    ])
    func prefetchHeaderMakesAPrefetch(name: String, value: String) throws {
        let request = ClickRequest(
            method: "GET", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/129.0", headers: [name: value])
        let verdict = try Self.classifier().classify(request)
        #expect(verdict.clickClass == .prefetch)
        #expect(verdict.reason.lowercased().hasPrefix("header \(name):"))
    }

    @Test func otherHeaderValuesAreNotPrefetches() throws {
        let request = ClickRequest(
            method: "GET", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/129.0",
            headers: ["purpose": "navigate", "x-moz": "other", "sec-fetch-dest": "document"])
        #expect(try Self.classifier().classify(request).clickClass == .human)
    }

    @Test func methodIsCheckedBeforePrefetchHeaders() throws {
        let verdict = try Self.classifier().classify(
            ClickRequest(method: "HEAD", userAgent: "x", headers: ["sec-purpose": "prefetch"]))
        #expect(verdict.clickClass == .bot)
    }

    @Test(arguments: [nil, "", "   ", "\t"] as [String?])
    func missingUserAgentIsABot(agent: String?) throws {
        let verdict = try Self.classifier().classify(ClickRequest(method: "GET", userAgent: agent))
        #expect(verdict == ClickVerdict(clickClass: .bot, reason: "no user agent"))
    }

    // MARK: - Rules

    @Test func firstMatchWinsInFileOrder() throws {
        let classifier = try Self.classifier()
        // The iMessage combination names Facebook and Twitter; the earlier, longer rule wins
        let imessage = classifier.classify(
            ClickRequest(
                method: "GET",
                userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) "
                    + "Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0"))
        #expect(imessage.clickClass == .linkPreview)
        #expect(imessage.reason.contains("group imessage"))
        // Telegram says it is "like TwitterBot"; its own rule comes first
        let telegram = classifier.classify(ClickRequest(method: "GET", userAgent: "TelegramBot (like TwitterBot)"))
        #expect(telegram.reason.contains("group telegram"))
        // A specific group beats the generic token that also matches
        let slack = classifier.classify(
            ClickRequest(method: "GET", userAgent: "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"))
        #expect(slack.clickClass == .linkPreview)
        let generic = classifier.classify(ClickRequest(method: "GET", userAgent: "SomethingBot/1.0"))
        #expect(generic.clickClass == .bot)
        #expect(generic.reason.contains("group generic"))
    }

    @Test func reasonNamesPatternGroupAndSource() throws {
        let verdict = try Self.classifier().classify(
            ClickRequest(method: "GET", userAgent: "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"))
        #expect(verdict.reason == "user agent matches 'Slackbot' (group slack, source: https://api.slack.com/robots)")
    }

    @Test func matchingIgnoresLetterCase() throws {
        let classifier = try Self.classifier()
        #expect(classifier.classify(ClickRequest(method: "GET", userAgent: "GOOGLEBOT/2.1")).clickClass == .bot)
        let scanner = classifier.classify(ClickRequest(method: "GET", userAgent: "barracuda sentinel (ee)"))
        #expect(scanner.clickClass == .emailScanner)
    }

    @Test func humanExceptionStopsTheGenericToken() throws {
        let classifier = try Self.classifier()
        // A Cubot phone contains "bot" but is a person
        let phone = classifier.classify(
            ClickRequest(
                method: "GET",
                userAgent: "Mozilla/5.0 (Linux; Android 6.0; CUBOT MAX) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/72.0.3626.121 Mobile Safari/537.36"))
        #expect(phone.clickClass == .human)
        #expect(phone.reason.contains("human exception 'CUBOT'"))
        // A named bot before the exception is still a bot
        let crawler = classifier.classify(ClickRequest(method: "GET", userAgent: "CUBOT Googlebot/2.1"))
        #expect(crawler.clickClass == .bot)
    }

    @Test func inAppBrowsersAndPlainBrowsersAreHuman() throws {
        let classifier = try Self.classifier()
        let agents = [
            "Mozilla/5.0 (iPhone; CPU iPhone OS 13_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                + "Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone11,8;FBMD/iPhone;FBSN/iOS;FBSV/13.3.1;FBSS/2;FBID/phone]",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 12_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                + "Mobile/15E148 [LinkedInApp]",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 "
                + "Safari/537.36",
        ]
        for agent in agents {
            let verdict = classifier.classify(ClickRequest(method: "GET", userAgent: agent))
            #expect(verdict == ClickVerdict(clickClass: .human, reason: "no pattern matched"))
        }
    }

    @Test func classifierNeverSaysDuplicate() throws {
        let classifier = try Self.classifier()
        let agents: [String?] = [nil, "curl/8.5.0", "Twitterbot/1.0", "Mozilla/5.0", "Barracuda Sentinel (EE)"]
        for agent in agents {
            for method in ["GET", "HEAD"] {
                #expect(classifier.classify(ClickRequest(method: method, userAgent: agent)).clickClass != .duplicate)
            }
        }
    }

    @Test func rawValuesAreTheLogNames() {
        #expect(ClickClass.linkPreview.rawValue == "link_preview")
        #expect(ClickClass.emailScanner.rawValue == "email_scanner")
        #expect(ClickClass.allCases.count == 6)
    }
}
