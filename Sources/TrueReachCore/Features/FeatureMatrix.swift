/// The features of one account, in schema order; `Float.nan` marks a missing value.
public struct FeatureRow: Sendable, Hashable {
    /// Values in schema column order.
    public var values: [Float]

    /// Creates a row.
    public init(values: [Float]) { self.values = values }

    /// The value in a column.
    public subscript(column: Int) -> Float { values[column] }

    /// Rows are equal when their values are bit-identical (so two NaNs compare equal).
    public static func == (lhs: FeatureRow, rhs: FeatureRow) -> Bool {
        lhs.values.map(\.bitPattern) == rhs.values.map(\.bitPattern)
    }

    /// Hashes the bit patterns.
    public func hash(into hasher: inout Hasher) {
        for v in values { hasher.combine(v.bitPattern) }
    }
}

/// Features of many accounts, row-major in one contiguous buffer; `Float.nan` is missing.
///
/// The layout is what batch prediction reads: row `r`, column `c` is at `values[r * columnCount + c]`.
public struct FeatureMatrix: Sendable, Hashable {
    /// Number of rows (accounts).
    public private(set) var rowCount: Int
    /// Number of columns (features).
    public let columnCount: Int
    /// Row-major values.
    public private(set) var values: [Float]

    /// Creates a matrix from row-major values.
    ///
    /// - Precondition: `values.count == rowCount * columnCount`.
    public init(rowCount: Int, columnCount: Int, values: [Float]) {
        precondition(values.count == rowCount * columnCount, "FeatureMatrix: values do not fill the matrix")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = values
    }

    /// An empty matrix with the given number of columns.
    public init(columnCount: Int) {
        self.init(rowCount: 0, columnCount: columnCount, values: [])
    }

    /// Creates a matrix from rows of equal length.
    public init(rows: [FeatureRow], columnCount: Int) {
        var values: [Float] = []
        values.reserveCapacity(rows.count * columnCount)
        for row in rows {
            precondition(row.values.count == columnCount, "FeatureMatrix: row length differs from columnCount")
            values.append(contentsOf: row.values)
        }
        self.init(rowCount: rows.count, columnCount: columnCount, values: values)
    }

    /// The value at a row and column.
    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columnCount + column] }
        set { values[row * columnCount + column] = newValue }
    }

    /// One row as a ``FeatureRow``.
    public func row(_ index: Int) -> FeatureRow {
        FeatureRow(values: Array(values[(index * columnCount)..<((index + 1) * columnCount)]))
    }

    /// Appends a row.
    public mutating func append(_ row: FeatureRow) {
        precondition(row.values.count == columnCount, "FeatureMatrix: row length differs from columnCount")
        values.append(contentsOf: row.values)
        rowCount += 1
    }

    /// The rows at the given indices, in that order.
    public func rows(at indices: [Int]) -> FeatureMatrix {
        var out: [Float] = []
        out.reserveCapacity(indices.count * columnCount)
        for i in indices { out.append(contentsOf: values[(i * columnCount)..<((i + 1) * columnCount)]) }
        return FeatureMatrix(rowCount: indices.count, columnCount: columnCount, values: out)
    }

    /// Matrices are equal when shapes and bit patterns match (NaN equals NaN).
    public static func == (lhs: FeatureMatrix, rhs: FeatureMatrix) -> Bool {
        lhs.rowCount == rhs.rowCount && lhs.columnCount == rhs.columnCount
            && lhs.values.map(\.bitPattern) == rhs.values.map(\.bitPattern)
    }

    /// Hashes the shape and bit patterns.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(rowCount)
        hasher.combine(columnCount)
        for v in values { hasher.combine(v.bitPattern) }
    }
}
