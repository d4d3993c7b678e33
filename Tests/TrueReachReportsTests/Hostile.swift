import Foundation
import TrueReachCore
import TrueReachReports
import TrueReachTestSupport

/// Profile text written by an attacker.
enum Hostile {
    static let strings = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'><svg onload=alert(1)>",
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\tTAB=1",
        "\rCR=1",
        "ren\u{202E}gpj.exe",
        "\u{2066}isolated\u{2069}",
        "\u{1B}[31mred\u{1B}[0m \u{1B}]0;title\u{07}",
        "line1\nline2, \"quoted\"",
        "zero\u{200B}width\u{FEFF}",
        "c1\u{9B}31m",
        "</style></title><bdi>",
        "&amp; &lt;",
        "javascript:alert(1)",
    ]

    static let follower = FollowerSummary.fixture(
        id: "<id onmouseover=alert(1)>",
        handle: strings[0],
        displayName: strings[1],
        followers: 10,
        following: 9_000,
        probability: 0.99,
        category: .suspicious,
        signals: strings.map { Signal(code: "hostile", contribution: 0.1, text: $0) }
    )

    /// A report whose every text field is hostile.
    static var report: AudienceReport {
        AudienceReport.fixture(
            account: strings[9] + strings[0],
            scorer: "<b>scorer</b>",
            problems: strings,
            strengths: strings,
            topInfluential: strings.enumerated().map { i, s in
                FollowerSummary.fixture(
                    id: ProfileID(s),
                    handle: s,
                    displayName: strings[(i + 1) % strings.count],
                    followers: 10_000,
                    category: .influencer
                )
            },
            mostSuspicious: [follower],
            signalFrequencies: strings.map { SignalFrequency(code: $0, label: $0, count: 3) }
        )
    }
}
