import SQLKit

extension SQLStore {
    /// Rows one purge transaction deletes at most.
    static let purgeBatchSize = 1000

    /// Deletes the rows of `table` that match `condition`, at most `batchSize` per transaction,
    /// and returns `returning` of every deleted row.
    ///
    /// Retention jobs run against `store.transaction_timeout_seconds` like requests do: a
    /// backlog of expired rows (a job stopped for weeks, a flood of abandoned logins) deleted in
    /// one statement could outlast that limit, fail, and fail again at every later run. In
    /// batches each transaction stays short, holds SQLite's write lock only briefly, and what one
    /// batch deleted stays deleted if a later one fails. Rows are picked by their primary key
    /// (`key`), which both SQLite and PostgreSQL index; row values `(a, b) IN (SELECT a, b …)`
    /// work in both.
    func deleteInBatches(
        from table: String, key: [String], where condition: any SQLExpression, returning: [String],
        batchSize: Int = SQLStore.purgeBatchSize
    ) async throws -> [any SQLRow] {
        let keys = SQLGroupExpression(key.map { SQLColumn($0) as any SQLExpression })
        var deleted: [any SQLRow] = []
        while true {
            let batch = try await transaction { database in
                try await database.delete(from: table)
                    .where(SQLBinaryExpression(keys, .in, SQLSubquery.select { select in
                        select.columns(key.map { SQLColumn($0) as any SQLExpression }).from(table).where(condition).limit(batchSize)
                    }))
                    .returning(returning.map { SQLColumn($0) as any SQLExpression })
                    .all()
            }
            deleted += batch
            if batch.count < batchSize { return deleted }
        }
    }
}

/// `column <= value` for the purge conditions.
func expired(_ column: String, atOrBefore seconds: Int64) -> any SQLExpression {
    SQLBinaryExpression(SQLColumn(column), .lessThanOrEqual, SQLBind(seconds))
}
