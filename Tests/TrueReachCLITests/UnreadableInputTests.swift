import Foundation
import Testing

/// An input whose every record is unreadable fails the command instead of giving empty output.
@Suite struct UnreadableInputTests {
    @Test func scoreOnAFileWithNoReadableRecordExitsWith2() async throws {
        // Given a file of records that all lack their id
        let runner = try CommandRunner()
        let input = try runner.write(
            "bad.jsonl", "{\"platform\":\"twitter\",\"handle\":\"a\"}\n{\"platform\":\"twitter\",\"handle\":\"b\"}\n")
        // When it is scored, then the command fails as for other bad input
        let status = await runner.run([
            "score", input, "--scorer", "rules", "--output", runner.path("s.csv"), "--quiet",
        ])
        #expect(status == 2)
    }
}
