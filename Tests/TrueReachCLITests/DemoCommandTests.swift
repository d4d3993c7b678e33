import Foundation
import Testing

@Suite struct DemoCommandTests {
    @Test func demoStoresTheAudienceAndWritesAnHTMLReport() async throws {
        let runner = try CommandRunner()
        let database = runner.path("data/truereach.sqlite")
        let status = await runner.run(["demo", "--count", "2000", "--database", database, "--quiet"])
        #expect(status == 0)
        let report = runner.path("data/reports/demo.html")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("synthetic"))
        #expect(html.contains("<svg"))
        // The synthetic audience carries hostile texts: none may survive unescaped.
        #expect(!html.contains("<script"))
        #expect(FileManager.default.fileExists(atPath: database))
    }
}
