import Foundation
import GRDB

/// Profile text bound so that an embedded NUL character survives the round trip.
///
/// GRDB binds a `String` with `sqlite3_bind_text(…, -1, …)`, which stops at the first NUL, so
/// "abc\0def" would be stored as "abc": data silently cut. Text that contains a NUL is bound as
/// its UTF-8 bytes (a blob) instead, which SQLite stores whole; GRDB decodes a UTF-8 blob back
/// into the same `String`. Text without NUL, nearly all of it, is bound as text as before.
struct NulSafeText: StatementBinding, DatabaseValueConvertible {
    var value: String?

    init(_ value: String?) { self.value = value }

    func bind(to sqliteStatement: SQLiteStatement, at index: CInt) -> CInt {
        guard let value else { return String?.none.bind(to: sqliteStatement, at: index) }
        if value.utf8.contains(0) { return Data(value.utf8).bind(to: sqliteStatement, at: index) }
        return value.bind(to: sqliteStatement, at: index)
    }

    var databaseValue: DatabaseValue {
        guard let value else { return .null }
        return value.utf8.contains(0) ? Data(value.utf8).databaseValue : value.databaseValue
    }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> NulSafeText? {
        String.fromDatabaseValue(dbValue).map { NulSafeText($0) }
    }
}
