import Foundation
import PforteStore

/// What a refused start must not leave behind: a start that fails before serving removes the
/// SQLite database it created (with its journal, WAL and lock file) and the files it generated
/// in the keys directory (signing keys, installation secret, eID development PKI), and each
/// directory it made, so the next start begins as the first did. Files that existed before are
/// never touched: an operator's keys and an existing database survive any refused start.
struct FilesCreatedByStart {
    private let database: URL?
    private let databaseDirectoryWasMissing: Bool
    private let keys: URL
    private let keysBefore: Set<String>?

    init(store: StoreConfiguration, keys: String) {
        self.keys = URL(fileURLWithPath: keys)
        keysBefore = Self.files(under: self.keys)
        guard case .sqlite(let path) = store.backend, !FileManager.default.fileExists(atPath: path) else {
            database = nil
            databaseDirectoryWasMissing = false
            return
        }
        let url = URL(fileURLWithPath: path)
        database = url
        databaseDirectoryWasMissing = !FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path)
    }

    /// Removes what this start created; call only after the store is closed.
    func remove() {
        removeDatabase()
        removeKeys()
    }

    private func removeDatabase() {
        guard let database else { return }
        let files = FileManager.default
        for suffix in ["", "-journal", "-wal", "-shm", ".lock"] {
            try? files.removeItem(atPath: database.path + suffix)
        }
        let directory = database.deletingLastPathComponent()
        if databaseDirectoryWasMissing, (try? files.contentsOfDirectory(atPath: directory.path))?.isEmpty == true {
            try? files.removeItem(at: directory)
        }
    }

    private func removeKeys() {
        guard let keysBefore else {
            try? FileManager.default.removeItem(at: keys)
            return
        }
        let created = (Self.files(under: keys) ?? []).subtracting(keysBefore)
        // Deepest first, so a directory this start made is empty by the time it is reached.
        for path in created.sorted(by: { $0.count > $1.count }) {
            let url = keys.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue,
                (try? FileManager.default.contentsOfDirectory(atPath: url.path))?.isEmpty != true
            {
                continue
            }
            try? FileManager.default.removeItem(at: url)
        }
    }

    /// Relative paths of everything under `directory`, or nil when it does not exist.
    private static func files(under directory: URL) -> Set<String>? {
        guard FileManager.default.fileExists(atPath: directory.path) else { return nil }
        return Set(FileManager.default.subpaths(atPath: directory.path) ?? [])
    }
}
