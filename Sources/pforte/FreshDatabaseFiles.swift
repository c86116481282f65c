import Foundation
import PforteStore

/// The SQLite files a refused start must not leave behind: when the database did not exist
/// before `pforte serve` opened it, a start that fails before serving removes the database
/// (with its journal, WAL and lock file) and the data directory if it made it, so the next start
/// begins as the first did. A database that existed before is never touched.
struct FreshDatabaseFiles {
    private let database: URL?
    private let directoryWasMissing: Bool

    init(_ store: StoreConfiguration) {
        guard case .sqlite(let path) = store.backend, !FileManager.default.fileExists(atPath: path) else {
            database = nil
            directoryWasMissing = false
            return
        }
        let url = URL(fileURLWithPath: path)
        database = url
        directoryWasMissing = !FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path)
    }

    /// Removes what this start created; call only after the store is closed.
    func remove() {
        guard let database else { return }
        let files = FileManager.default
        for suffix in ["", "-journal", "-wal", "-shm", ".lock"] {
            try? files.removeItem(atPath: database.path + suffix)
        }
        let directory = database.deletingLastPathComponent()
        if directoryWasMissing, (try? files.contentsOfDirectory(atPath: directory.path))?.isEmpty == true {
            try? files.removeItem(at: directory)
        }
    }
}
