import Foundation
import TrueReachCore
import TrueReachStore

/// A job as the API answers it (`GET /api/jobs/ID`); keys snake_case and sorted, absent values `null`.
///
/// The failure is `failure`, not `error`, so a failed job's answer is never mistaken for an error
/// answer (`{"error": {"code", "message"}}`). The file's place on the server's disk is not shown.
struct JobJSON: Encodable {
    var job: Job

    enum CodingKeys: String, CodingKey {
        case id, kind, account, state, createdAt, startedAt, finishedAt, progress, message, failure, input, auditId
        case followUpId
    }

    enum ProgressKeys: String, CodingKey { case records, recordsTotal, bytesRead, bytesTotal }
    enum FailureKeys: String, CodingKey { case file, line, field, message }
    enum InputKeys: String, CodingKey { case name, format, platform }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(job.id, forKey: .id)
        try container.encode(job.kind.rawValue, forKey: .kind)
        try container.encode(job.account, forKey: .account)
        try container.encode(job.state.rawValue, forKey: .state)
        try container.encode(job.createdAt, forKey: .createdAt)
        try container.encode(job.startedAt, forKey: .startedAt)
        try container.encode(job.finishedAt, forKey: .finishedAt)
        var progress = container.nestedContainer(keyedBy: ProgressKeys.self, forKey: .progress)
        try progress.encode(job.progress.records, forKey: .records)
        try progress.encode(job.progress.recordsTotal, forKey: .recordsTotal)
        try progress.encode(job.progress.bytesRead, forKey: .bytesRead)
        try progress.encode(job.progress.bytesTotal, forKey: .bytesTotal)
        try container.encode(job.message, forKey: .message)
        if let failure = job.failure {
            var nested = container.nestedContainer(keyedBy: FailureKeys.self, forKey: .failure)
            try nested.encode(failure.file, forKey: .file)
            try nested.encode(failure.line, forKey: .line)
            try nested.encode(failure.field, forKey: .field)
            try nested.encode(failure.message, forKey: .message)
        } else {
            try container.encodeNil(forKey: .failure)
        }
        if let input = job.input {
            var nested = container.nestedContainer(keyedBy: InputKeys.self, forKey: .input)
            try nested.encode(input.name, forKey: .name)
            try nested.encode(input.format, forKey: .format)
            try nested.encode(input.platform?.rawValue, forKey: .platform)
        } else {
            try container.encodeNil(forKey: .input)
        }
        try container.encode(job.auditID, forKey: .auditId)
        try container.encode(job.followUpID, forKey: .followUpId)
    }
}

/// `{"account", "jobs": [...]}`.
struct JobListJSON: Encodable {
    var account: String
    var jobs: [JobJSON]
}
