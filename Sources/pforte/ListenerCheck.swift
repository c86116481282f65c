#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tries the listening address before anything is written, so that a port in use ends the
/// start with a message naming address and port, and leaves `keys/` and the store untouched.
///
/// The server binds again when it starts (a race with another process remains, and is then
/// reported by the server); the check binds with `SO_REUSEADDR` like NIO does, so a port held
/// only by connections in TIME_WAIT is not refused.
enum ListenerCheck {
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    static func ensureBindable(host: String, port: Int) throws {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &results)
        guard resolved == 0, let first = results else {
            throw Refusal(description: "cannot listen on \(host):\(port): the address does not resolve (\(String(cString: gai_strerror(resolved))))")
        }
        defer { freeaddrinfo(results) }
        let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let reason = errno == EADDRINUSE ? "the port is in use by another process" : String(cString: strerror(errno))
            throw Refusal(description: "cannot listen on \(host):\(port): \(reason) (server.host, server.port)")
        }
    }
}
