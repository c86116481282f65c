import PostgresKit
import SQLiteKit

/// Recognises the drivers' reports of violated constraints, so that stores can turn the
/// expected ones into ``AccountStoreError``s.
///
/// Checking first and writing afterwards would not do: on PostgreSQL two nodes can both pass the
/// check; only the constraint decides, atomically.
enum ConstraintViolation {
    /// A duplicate in the unique index `index` on `table`.`column` (or its primary key):
    /// PostgreSQL names the index, SQLite the column (its message format has been stable since
    /// 3.8).
    static func isUnique(_ error: any Error, index: String, table: String, column: String) -> Bool {
        if let error = error as? PSQLError {
            return error.serverInfo?[.sqlState] == "23505" && error.serverInfo?[.constraintName] == index
        }
        if let error = error as? SQLiteError {
            return [.constraint, .constraintUniqueFailed, .constraintPrimaryKeyFailed].contains(error.reason)
                && error.message == "UNIQUE constraint failed: \(table).\(column)"
        }
        return false
    }

    /// A row referring to a missing row; callers use it only for tables with a single foreign
    /// key, so they know which reference failed.
    static func isForeignKey(_ error: any Error) -> Bool {
        if let error = error as? PSQLError {
            return error.serverInfo?[.sqlState] == "23503"
        }
        if let error = error as? SQLiteError {
            return [.constraint, .constraintForeignKeyFailed].contains(error.reason)
                && error.message == "FOREIGN KEY constraint failed"
        }
        return false
    }
}
