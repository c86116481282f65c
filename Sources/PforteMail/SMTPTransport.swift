/// The connection an ``SMTPSession`` talks over: SwiftNIO in production
/// (``NIOSMTPTransport``), a scripted server in the tests.
protocol SMTPTransport: Sendable {
    /// Sends octets as they are (commands already end with CRLF).
    func write(_ octets: [UInt8]) async throws(SMTPError)
    /// The next complete reply, or a timeout, connection or TLS error.
    func readReply() async throws(SMTPError) -> SMTPReply
    /// Starts the TLS handshake on the open connection, after the server's `220` to STARTTLS.
    /// Fails with ``SMTPError/Code/unexpectedDataBeforeTLS`` if the server already sent more.
    func startTLS() async throws(SMTPError)
    func close() async
}
