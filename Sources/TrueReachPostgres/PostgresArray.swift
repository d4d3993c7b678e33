import PostgresNIO

/// A one-dimensional PostgreSQL array whose elements may be NULL, in the binary wire format.
///
/// PostgresNIO encodes `[Element]` but not `[Element?]`; an import sends each account column as
/// one array (`unnest($1::text[], …)`), and most columns have missing values.
struct PostgresArray<Element: PostgresArrayEncodable>: PostgresEncodable {
    var values: [Element?]

    init(_ values: [Element?]) { self.values = values }

    static var psqlType: PostgresDataType { Element.psqlArrayType }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer,
        context: PostgresEncodingContext<JSONEncoder>
    ) throws {
        // Header: dimensions, has-nulls flag, element type; then length and lower bound per dimension.
        buffer.writeInteger(values.isEmpty ? 0 : 1, as: Int32.self)
        buffer.writeInteger(values.contains { $0 == nil } ? 1 : 0, as: Int32.self)
        buffer.writeInteger(Element.psqlType.rawValue)
        guard !values.isEmpty else { return }
        buffer.writeInteger(Int32(values.count))
        buffer.writeInteger(1, as: Int32.self)
        for value in values {
            guard let value else {
                buffer.writeInteger(-1, as: Int32.self)
                continue
            }
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            let start = buffer.writerIndex
            try value.encode(into: &buffer, context: context)
            buffer.setInteger(Int32(buffer.writerIndex - start), at: lengthIndex)
        }
    }
}

/// Numbered parameters for one statement (`$1`, `$2`, …).
struct Parameters {
    private(set) var bindings = PostgresBindings()

    /// Appends `value` and returns its placeholder.
    mutating func add<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value) throws -> String {
        try bindings.append(value)
        return "$\(bindings.count)"
    }

    /// Appends `value` (NULL when `nil`) and returns its placeholder.
    mutating func add<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value?) throws -> String {
        try bindings.append(value)
        return "$\(bindings.count)"
    }

    /// Appends a nullable array and returns its placeholder with the array's type cast.
    mutating func array<Element: PostgresArrayEncodable>(_ values: [Element?], as type: String) throws -> String {
        try bindings.append(PostgresArray(values))
        return "$\(bindings.count)::\(type)[]"
    }

    func query(_ sql: String) -> PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}
