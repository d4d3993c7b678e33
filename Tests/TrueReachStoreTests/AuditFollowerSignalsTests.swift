import Foundation
import Testing
import TrueReachCore
import TrueReachStore

/// The stored form of signals, read by the one-pass reader, against `JSONDecoder` (the reference it
/// stands in for) and against what `encode` writes.
@Suite struct AuditFollowerSignalsTests {
    static let texts: [String] = [
        "", "follows 4,800, followed by 12", "\"quoted\" \\back\\slash/ and /slashes/",
        String(String.UnicodeScalarView((0..<32).compactMap { Unicode.Scalar($0) })), "nul\u{0}inside",
        "émoji 👩‍👩‍👧 ﷽ שלום 日本語 e\u{301}",
        "\u{2028}\u{2029}\u{FEFF}\u{10FFFF}", "<script>alert(1)</script>",
    ]

    static func reference(_ text: String) throws -> [Signal] {
        try JSONDecoder().decode([Signal].self, from: Data(text.utf8))
    }

    @Test func readsWhatEncodeWrites() throws {
        var generator = SystemRandomNumberGenerator()
        for count in 0...4 {
            for text in Self.texts {
                let signals = (0..<count).map { k in
                    Signal(
                        code: "code.\(k)\(text)",
                        contribution: k == 0
                            ? Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF) : Double.random(in: -3...3),
                        text: text + String(k))
                }
                let stored = try AuditFollowerSignals.encode(signals)
                let read = try AuditFollowerSignals.decode(stored)
                #expect(read == signals)
                #expect(read == (try Self.reference(stored)))
            }
        }
    }

    @Test func otherJSONIsReadByTheDecoder() throws {
        // Other key orders, whitespace and escapes the encoder does not write: the reference's answer.
        let forms = [
            #"[{"text":"t","code":"c","contribution":0.5}]"#,
            #"[ {"code": "c", "contribution": 1, "text": "t"} ]"#,
            #"[{"code":"\u0063\/","contribution":-2.5E-3,"text":"\ud83d\ude00"}]"#,
            #"[]"#,
        ]
        for form in forms {
            #expect(try AuditFollowerSignals.decode(form) == (try Self.reference(form)))
        }
    }

    @Test func damagedTextIsCorruptData() {
        let damaged = [
            "", "[", #"[{"code":"c","contribution":1,"text":"t"}"#, #"[{"code":"c","contribution":x,"text":"t"}]"#,
            #"[{"code":"c\ud800","contribution":1,"text":"t"}]"#, #"[{"code":"c","contribution":1,"text":"t"}]x"#,
            #"[{"code":"c","contribution":1}]"#, "null", #"[{"code":"c","contribution":1,"text":"t\"}]"#,
        ]
        for text in damaged {
            #expect(throws: StoreError.self, "\(text)") { try AuditFollowerSignals.decode(text) }
        }
    }
}
