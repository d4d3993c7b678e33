import Foundation
import Hummingbird

/// The OpenAPI 3.1 document of the JSON API (`Resources/openapi.json`, checked in), served at
/// `/openapi.json`.
///
/// Written by hand beside the routes; `scripts/openapi-check` keeps it true by calling every
/// documented route on a running server and validating each answer against it.
enum OpenAPIDocument {
    /// The document's bytes, read from the bundle once; `nil` when the build lacks the resource.
    static let bytes: [UInt8]? = {
        guard
            let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = FileManager.default.contents(atPath: url.path)
        else { return nil }
        return Array(data)
    }()

    /// The answer to `GET /openapi.json`.
    static func response() throws -> Response {
        guard let bytes else { throw ServerError(.internalError, "The OpenAPI document is missing from this build.") }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
