public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why ``FileOutbox`` could not store a message; `errno` is the system's reason.
public struct FileOutboxError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case createDirectory = "create_directory"
        case writeFile = "write_file"
        case rename
    }

    public let code: Code
    public let path: String
    public let errno: Int32

    public var description: String {
        "\(code.rawValue) \(path): \(String(cString: strerror(errno)))"
    }
}

/// The development outbox: every message becomes one `.eml` file that any mail client opens.
///
/// Messages contain activation and reset links, i.e. credentials, so the directory is created
/// with mode 0700 and each file with 0600, whatever the umask. A file appears under its final
/// name only when complete — it is written to a hidden temporary name in the same directory,
/// flushed, and renamed (atomic within one file system, POSIX `rename`) — so a test or a
/// developer polling for `*.eml` never reads half a message. Names are
/// `<UTC timestamp>-<random>.eml`, so a directory listing sorts by sending time and two nodes
/// or two tasks never pick the same name.
public struct FileOutbox: Outbox {
    public let directory: URL
    public let renderer: MessageRenderer

    public init(directory: URL, renderer: MessageRenderer) {
        self.directory = directory
        self.renderer = renderer
    }

    public func send(_ message: MailMessage) async throws {
        _ = try store(renderer.render(message))
    }

    /// Writes one rendered message and returns the file it was stored in.
    func store(_ message: RenderedMessage) throws(FileOutboxError) -> URL {
        try createDirectory()
        let name = "\(Self.timestamp(Date()))-\(RandomToken.hex(octets: 6)).eml"
        let final = directory.appendingPathComponent(name)
        let temporary = directory.appendingPathComponent(".\(name).tmp")
        try write(message.bytes, to: temporary.path)
        guard rename(temporary.path, final.path) == 0 else {
            let error = FileOutboxError(code: .rename, path: final.path, errno: errno)
            unlink(temporary.path)
            throw error
        }
        return final
    }

    private func createDirectory() throws(FileOutboxError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw FileOutboxError(code: .createDirectory, path: directory.path, errno: Self.posixCode(of: error))
        }
    }

    /// `O_EXCL` with mode 0600: the file is never readable by others, not even for a moment.
    private func write(_ bytes: [UInt8], to path: String) throws(FileOutboxError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileOutboxError(code: .writeFile, path: path, errno: errno) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: bytes)
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(path)
            throw FileOutboxError(code: .writeFile, path: path, errno: Self.posixCode(of: error))
        }
    }

    /// Foundation wraps the system's reason, sometimes one level deep; EIO when it has none.
    private static func posixCode(of error: any Error) -> Int32 {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        return EIO
    }

    /// `20250603T140509.123Z`: sortable, no characters that file systems or shells mind.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        return formatter.string(from: date)
    }
}
