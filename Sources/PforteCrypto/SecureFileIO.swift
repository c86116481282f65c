import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File operations for private key material: files are only ever `0600`, written atomically,
/// and refused when group or others could read or write them.
enum SecureFileIO {
    /// Key files and the manifest are small; anything larger is not ours.
    static let maximumFileSize = 1 << 20

    /// Checks `directory` and, if `create` is set and it is missing, creates it with mode
    /// `0700`. An existing directory is accepted unless group or others may write to it (they
    /// could replace key files) on a writable file system. Read access alone is tolerated: a
    /// checkout creates `keys/` with the umask's mode, and the files inside are `0600` anyway.
    /// A read-only mount (such as a secret volume, often mode 1777) cannot be written by anyone.
    static func prepareDirectory(_ directory: URL, create: Bool) throws {
        let path = directory.path
        if create, !fileExists(directory) {
            if mkdir(path, 0o700) == 0 {
                guard chmod(path, 0o700) == 0 else {
                    throw KeyStoreError(.directoryUnusable, path: path, "cannot set mode 0700: \(errnoText())")
                }
                return
            }
            guard errno == EEXIST else {
                throw KeyStoreError(.directoryUnusable, path: path, "cannot create: \(errnoText())")
            }
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw KeyStoreError(.directoryUnusable, path: path, "cannot inspect: \(errnoText())")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw KeyStoreError(.directoryUnusable, path: path, "not a directory")
        }
        guard info.st_mode & 0o022 == 0 || isReadOnlyFileSystem(path) else {
            throw KeyStoreError(
                .directoryUnusable, path: path,
                "group or others may write to it (mode \(modeText(info.st_mode))); use chmod 700"
            )
        }
    }

    /// Runs `body` holding an exclusive `flock` on `lockFile` (created `0600` if missing), so
    /// that two processes changing the key directory, say two nodes starting for the first
    /// time or `pforte keys rotate` on a shared volume, never interleave their changes. A lock
    /// file rather than the directory itself, because NFS grants exclusive locks only on files
    /// opened for writing.
    static func withExclusiveLock<T>(file lockFile: URL, _ body: () throws -> T) throws -> T {
        let descriptor = open(lockFile.path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw KeyStoreError(.writeFailed, path: lockFile.path, "cannot open lock file: \(errnoText())")
        }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0, flock(descriptor, LOCK_EX) == 0 else {
            throw KeyStoreError(.writeFailed, path: lockFile.path, "cannot lock: \(errnoText())")
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    static func fileExists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }

    /// Reads a regular file whose mode grants nothing to group or others. The checks use the
    /// opened descriptor, so the file checked is the file read.
    static func readPrivateFile(_ url: URL) throws -> Data {
        let path = url.path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw KeyStoreError(.unreadableFile, path: path, "cannot open: \(errnoText())")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw KeyStoreError(.unreadableFile, path: path, "not a regular file")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw KeyStoreError(
                .insecurePermissions, path: path,
                "mode \(modeText(info.st_mode)) grants access to group or others; use chmod 600"
            )
        }
        guard Int(info.st_size) <= maximumFileSize else {
            throw KeyStoreError(.unreadableFile, path: path, "larger than \(maximumFileSize) bytes")
        }
        var buffer = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var length = 0
        while length < buffer.count {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + length, $0.count - length) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw KeyStoreError(.unreadableFile, path: path, "cannot read: \(errnoText())")
            }
            length += count
        }
        guard length <= maximumFileSize else {
            throw KeyStoreError(.unreadableFile, path: path, "larger than \(maximumFileSize) bytes")
        }
        return Data(buffer.prefix(length))
    }

    /// Writes `data` to a new `0600` temporary file next to `url`, flushes it, and renames it
    /// over `url`, so readers see either the old or the new content, never a partial file.
    static func writePrivateFile(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UInt64.random(in: .min ... .max)).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw KeyStoreError(.writeFailed, path: temporary.path, "cannot create: \(errnoText())")
        }
        var renamed = false
        defer { if !renamed { unlink(temporary.path) } }
        do {
            defer { close(descriptor) }
            guard fchmod(descriptor, 0o600) == 0 else {
                throw KeyStoreError(.writeFailed, path: temporary.path, "cannot set mode 0600: \(errnoText())")
            }
            try writeAll(data, to: descriptor, path: temporary.path)
            guard fsync(descriptor) == 0 else {
                throw KeyStoreError(.writeFailed, path: temporary.path, "cannot flush: \(errnoText())")
            }
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw KeyStoreError(.writeFailed, path: url.path, "cannot rename into place: \(errnoText())")
        }
        renamed = true
        syncDirectory(directory)
    }

    /// Removes a file; one that is already gone counts as removed.
    static func removeFile(_ url: URL) throws {
        guard unlink(url.path) == 0 || errno == ENOENT else {
            throw KeyStoreError(.writeFailed, path: url.path, "cannot remove: \(errnoText())")
        }
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw KeyStoreError(.writeFailed, path: path, "cannot write: \(errnoText())")
                }
                offset += count
            }
        }
    }

    /// Makes the rename durable; a failure here only weakens crash safety, so it is ignored.
    private static func syncDirectory(_ directory: URL) {
        let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private static func isReadOnlyFileSystem(_ path: String) -> Bool {
        var info = statvfs()
        return statvfs(path, &info) == 0 && UInt(info.f_flag) & UInt(ST_RDONLY) != 0
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    private static func modeText(_ mode: mode_t) -> String { "0" + String(mode & 0o777, radix: 8) }
}
