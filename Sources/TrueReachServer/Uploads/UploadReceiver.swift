import Foundation
import Hummingbird
import NIOCore

/// Receives an uploaded followers file from a request body, streamed to a file in the uploads
/// directory as it arrives: never the whole body in memory.
///
/// The file is written as `NAME.part` and renamed to `NAME.upload` once complete; a body that is too
/// large (413), malformed, refused (a failed CSRF check) or cut short leaves no file behind.
struct UploadReceiver: Sendable {
    /// Where uploads are written (created when missing).
    let directory: String
    /// The most bytes a file may have.
    let maxBytes: Int

    /// The most bytes the non-file fields of a form may hold together.
    static let maxFieldBytes = 16_384

    /// An upload on disk.
    struct Received: Sendable {
        /// The complete file.
        var path: String
        /// The name the client gave it, cleaned (see ``displayName(_:)``).
        var name: String
        /// Its size.
        var bytes: Int
        /// The form's other fields, by name (the first of each).
        var fields: [String: String]
    }

    /// Reads a `multipart/form-data` body whose file is the part named `file` (with a file name or not).
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - beforeFile: Called with the fields read so far before any byte of the file is written (and
    ///     at the end when the form has no file): the place to check the form's CSRF token, which must
    ///     therefore come before the file.
    /// - Returns: The upload.
    /// - Throws: ``ServerError`` `.payloadTooLarge` past ``maxBytes``, `.badRequest` for a body that is
    ///   not a readable form, `.unprocessable` for a form without a file; what `beforeFile` throws.
    func receiveForm(
        _ request: Request, beforeFile: ([String: String]) throws -> Void
    ) async throws -> Received {
        try checkDeclaredLength(request, allowance: Self.maxFieldBytes + 4_096)
        var parser: MultipartParser
        do {
            parser = try MultipartParser(contentType: request.headers[.contentType])
        } catch let failure as MultipartParser.Failure {
            throw ServerError(.badRequest, failure.message)
        }
        var fields: [String: String] = [:]
        var fieldBytes = 0
        var current: MultipartPartHeaders?
        var value: [UInt8] = []
        var file: FileSink?
        var received: Received?
        do {
            for try await chunk in request.body {
                let events: [MultipartParser.Event]
                do {
                    events = try parser.feed(chunk)
                } catch let failure as MultipartParser.Failure {
                    throw ServerError(.badRequest, failure.message)
                }
                for event in events {
                    switch event {
                    case .part(let headers):
                        current = headers
                        value = []
                        guard headers.name == "file" else { continue }
                        guard file == nil, received == nil else {
                            throw ServerError(.badRequest, "Send one file per upload.")
                        }
                        try beforeFile(fields)
                        file = try FileSink(directory: directory)
                    case .content(let bytes):
                        if let sink = file {
                            guard sink.bytes + bytes.readableBytes <= maxBytes else { throw tooLarge() }
                            try sink.write(bytes)
                        } else {
                            fieldBytes += bytes.readableBytes
                            guard fieldBytes <= Self.maxFieldBytes else {
                                throw ServerError(.badRequest, "The form's fields are too large.")
                            }
                            value += bytes.readableBytesView
                        }
                    case .partEnd:
                        if let sink = file {
                            let path = try sink.complete()
                            received = Received(
                                path: path, name: Self.displayName(current?.filename), bytes: sink.bytes, fields: [:])
                            file = nil
                        } else if let name = current?.name, fields[name] == nil {
                            fields[name] = String(decoding: value, as: UTF8.self)
                        }
                        current = nil
                    }
                }
            }
            do {
                try parser.finish()
            } catch let failure as MultipartParser.Failure {
                throw ServerError(.badRequest, failure.message)
            }
        } catch {
            file?.discard()
            if let received { try? FileManager.default.removeItem(atPath: received.path) }
            throw error
        }
        guard var upload = received else {
            try beforeFile(fields)
            throw ServerError(.unprocessable, "The form has no file: choose a followers file in the field named file.")
        }
        upload.fields = fields
        return upload
    }

    /// Reads a body that is the file itself (an API upload with `Content-Type` other than a form).
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - name: The file's name, for messages.
    /// - Returns: The upload.
    /// - Throws: ``ServerError`` `.payloadTooLarge` past ``maxBytes``.
    func receiveBody(_ request: Request, name: String?) async throws -> Received {
        try checkDeclaredLength(request, allowance: 0)
        let file = try FileSink(directory: directory)
        do {
            for try await chunk in request.body {
                guard file.bytes + chunk.readableBytes <= maxBytes else { throw tooLarge() }
                try file.write(chunk)
            }
            return Received(path: try file.complete(), name: Self.displayName(name), bytes: file.bytes, fields: [:])
        } catch {
            file.discard()
            throw error
        }
    }

    /// Refuses a body whose declared length is past the limit before reading any of it.
    private func checkDeclaredLength(_ request: Request, allowance: Int) throws {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes + allowance {
            throw tooLarge()
        }
    }

    private func tooLarge() -> ServerError {
        let megabytes = (Double(maxBytes) / 1_048_576 * 10).rounded() / 10
        let limit = megabytes == megabytes.rounded() ? String(Int(megabytes)) : String(megabytes)
        return ServerError(
            .payloadTooLarge,
            "The file is larger than this server accepts (\(limit) MB); split it, or start the server with a larger --max-upload-mb."
        )
    }

    /// A client's file name as messages show it: its last path component, without control, bidi or
    /// zero-width characters, at most 120 characters; `upload` when nothing is left.
    static func displayName(_ name: String?) -> String {
        guard let name else { return "upload" }
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var scalars = String.UnicodeScalarView()
        for scalar in last.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: continue
            default: scalars.append(scalar)
            }
        }
        let clean = String(String(scalars).prefix(120)).trimmingCharacters(in: .whitespaces)
        return clean.isEmpty || clean == "." || clean == ".." ? "upload" : clean
    }
}

/// A file being written in the uploads directory: `UUID.part` until ``complete()`` renames it.
///
/// A class so that the loop that writes it can hand it around; one task uses it.
private final class FileSink {
    let partPath: String
    let finalPath: String
    private let handle: FileHandle
    private(set) var bytes = 0

    init(directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ServerError(.internalError, "The uploads directory cannot be created.")
        }
        let name = UUID().uuidString.lowercased()
        partPath = (directory as NSString).appendingPathComponent("\(name).part")
        finalPath = (directory as NSString).appendingPathComponent("\(name).upload")
        guard FileManager.default.createFile(atPath: partPath, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: partPath)
        else { throw ServerError(.internalError, "An upload cannot be written to the uploads directory.") }
        self.handle = handle
    }

    func write(_ buffer: ByteBuffer) throws {
        try buffer.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
        bytes += buffer.readableBytes
    }

    /// Closes the file and gives it its final name.
    func complete() throws -> String {
        try handle.close()
        try FileManager.default.moveItem(atPath: partPath, toPath: finalPath)
        return finalPath
    }

    /// Closes and deletes the partial file.
    func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: partPath)
    }
}
