import Foundation
import Hummingbird
import TrueReachReports

// The one place where server errors become HTTP responses (STYLE §4).

extension ServerError {
    /// The HTTP status of each code.
    var status: HTTPResponse.Status {
        switch code {
        case .badRequest: .badRequest
        case .notFound: .notFound
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .conflict: .conflict
        case .payloadTooLarge: .contentTooLarge
        case .unprocessable: .unprocessableContent
        case .misdirectedRequest: .misdirectedRequest
        case .internalError, .needsUser, .invalidConfiguration: .internalServerError
        }
    }
}

/// A ``ServerError`` as a response: JSON `{"error": {"code", "message"}}` for the API, a page otherwise.
struct ErrorResponse: HTTPResponseError {
    var error: ServerError
    var json: Bool

    var status: HTTPResponse.Status { error.status }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        if json {
            let body = try JSONEncoder.api.encode(["error": ["code": error.code.rawValue, "message": error.message]])
            var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
            // RFC 6750 §3: a 401 names the scheme the API takes.
            if error.code == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="truereach""# }
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        let title =
            switch error.code {
            case .notFound: "Not found"
            case .badRequest: "Bad request"
            case .unauthorized: "Sign in"
            case .forbidden: "Refused"
            case .payloadTooLarge: "Too large"
            default: "Error"
            }
        let page = DashboardHTML.page(title: title, body: DashboardHTML.message(title: title, text: error.message))
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }
}

extension JSONEncoder {
    /// The API's encoder: snake_case keys, sorted, so answers are stable byte for byte.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
