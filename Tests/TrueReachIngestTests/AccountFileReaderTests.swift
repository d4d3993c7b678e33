import Foundation
import Testing
import TrueReachCore
@testable import TrueReachIngest

@Suite struct AccountFileReaderTests {
    @Test func readsNothingYet() {
        #expect(AccountFormat(rawValue: "twitter-v1") == .twitterV1)
    }
}
