#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// An exclusive lock on `<database>.lock`, held while a node serves a SQLite file.
///
/// SQLite is for one node: two servers on one file would each keep their own queue of writers
/// (``WriteGate``) and their own caches. `flock` is released by the kernel when the process
/// ends, however it ends, so a crashed node never leaves a stale lock behind.
final class SQLiteLockFile: Sendable {
    private let descriptor: Mutex<Int32?>

    /// Throws ``StoreError/Code/locked`` when another process holds the lock.
    init(databasePath: String) throws {
        let path = databasePath + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.invalidConfiguration, "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno == EWOULDBLOCK ? nil : String(cString: strerror(errno))
            close(descriptor)
            if let reason { throw StoreError(.invalidConfiguration, "cannot lock \(path): \(reason)") }
            throw StoreError(
                .locked,
                "another Pforte process serves the SQLite database \(databasePath) (it holds \(path)); SQLite is for one node — stop the other process, or use PostgreSQL for several nodes"
            )
        }
        self.descriptor = Mutex(descriptor)
    }

    func release() {
        let held = descriptor.withLock { descriptor in
            defer { descriptor = nil }
            return descriptor
        }
        if let held { close(held) }
    }
}

/// A pool that holds the lock file for as long as it is open.
struct LockedConnectionPooling: ConnectionPooling {
    let inner: any ConnectionPooling
    let lock: SQLiteLockFile

    var target: String { inner.target }

    func lease() async throws -> ConnectionLease { try await inner.lease() }

    func shutdown() async throws {
        defer { lock.release() }
        try await inner.shutdown()
    }
}
