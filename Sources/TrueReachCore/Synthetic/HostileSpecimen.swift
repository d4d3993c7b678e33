/// Hostile but realistic profile texts that the synthetic audience plants, so that every report
/// built on it exercises HTML escaping, CSV formula neutralisation and terminal sanitising.
///
/// Each specimen appears exactly once in an audience of at least ``minimumCount`` accounts, at
/// evenly spread positions; it replaces some text fields of the account generated there.
struct HostileSpecimen: Sendable {
    var displayName: String?
    var bio: String?
    var location: String?
    var url: String?

    static let minimumCount = 50

    static let all: [HostileSpecimen] = [
        HostileSpecimen(bio: "<script>alert('hi')</script> just a normal bio ✨"),
        HostileSpecimen(displayName: "\"><img src=x onerror=alert(1)>"),
        HostileSpecimen(displayName: "=HYPERLINK(\"http://example.com/x\",\"win a prize\")"),
        HostileSpecimen(displayName: "Ali \u{202E}ilA", bio: "Fan of \u{202E}ecnarf\u{202C} and more"),
        HostileSpecimen(displayName: "+1 555 0100 call now", bio: "-2+3 @SUM(A1:A9)"),
        HostileSpecimen(displayName: "Red \u{1B}[31malert\u{1B}[0m", bio: "\u{1B}]0;pwned\u{07}terminal title"),
        HostileSpecimen(displayName: "\tTabbed\rName", bio: "line one\nline two\r\nline three"),
        HostileSpecimen(bio: "Tom & Jerry's \"quotes\" </textarea><!-- &amp; <b>bold</b>"),
        HostileSpecimen(displayName: "@everyone", bio: "Zero\u{200B}width, 👩‍👩‍👧‍👦 family, e\u{301}, \u{0}nul"),
        HostileSpecimen(location: "<iframe src=javascript:alert(1)>", url: "javascript:alert(1)"),
    ]

    /// The specimen planted at `index` of an audience of `count` accounts, if any.
    static func specimen(at index: Int, count: Int) -> HostileSpecimen? {
        let n = all.count
        for k in 0..<n where (2 * k + 1) * count / (2 * n) == index {
            return all[k]
        }
        return nil
    }

    func apply(to account: inout Profile) {
        if let displayName { account.displayName = displayName }
        if let bio { account.bio = bio }
        if let location { account.location = location }
        if let url { account.url = url }
    }
}
