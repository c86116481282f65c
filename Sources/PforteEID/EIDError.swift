/// Why an eID step failed. ``Code`` has one case per result-minor code of TR-03130 Part 1 the
/// server can answer with, plus what Pforte itself detects about the exchange; its
/// ``Code/rawValue`` is stable and serves as the suffix of the locale key for the user's page
/// (`eid.error.<code>`). ``debugReason`` is for logs only.
public struct EIDError: Error, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        // Result-minor codes (`http://www.bsi.bund.de/eid/server/2.0/resultminor/…`).
        /// `common#internalError`.
        case internalError = "internal_error"
        /// `common#schemaViolation`: the server found our request invalid.
        case schemaViolation = "schema_violation"
        /// `useID#invalidPSK`.
        case invalidPSK = "invalid_psk"
        /// `useID#tooManyOpenSessions`.
        case tooManyOpenSessions = "too_many_open_sessions"
        /// `useID#missingArgument`.
        case missingArgument = "missing_argument"
        /// `useID#missingTerminalRights`: asked for an attribute the authorisation certificate
        /// does not allow.
        case missingTerminalRights = "missing_terminal_rights"
        /// `getResult#noResultYet`, still after polling: the card session did not finish.
        case noResultYet = "no_result_yet"
        /// `getResult#invalidSession`: unknown or expired session.
        case invalidSession = "invalid_session"
        /// `getResult#invalidCounter`: the `RequestCounter` was not larger than the last one.
        case invalidCounter = "invalid_counter"
        /// `getResult#deniedDocument`: e.g. an expired document.
        case deniedDocument = "denied_document"
        /// `getResult#invalidDocument`: e.g. a revoked document.
        case invalidDocument = "invalid_document"
        /// eCard-API `sal#cancellationByUser`, what eID-Servers report when the user cancelled
        /// in the eID-Client.
        case cancelledByUser = "cancelled_by_user"
        /// `ResultMajor#error` with a result-minor code not listed above.
        case unknownResultMinor = "unknown_result_minor"

        // What Pforte detects.
        /// The server could not be reached, or answered with an unexpected HTTP status.
        case transport = "transport"
        /// The TLS handshake failed (certificate not trusted, client certificate refused).
        case tls = "tls"
        /// The response carries no WS-Security signature over Timestamp and Body.
        case unsignedResponse = "unsigned_response"
        /// The response's signature does not verify with the server's configured key, or does
        /// not cover the Body that was parsed.
        case invalidSignature = "invalid_signature"
        /// The response's `wsu:Timestamp` is missing its times, expired, or from the future.
        case expiredTimestamp = "expired_timestamp"
        /// The response is not well-formed XML or not the expected SOAP message.
        case malformedResponse = "malformed_response"
        /// `ResultMajor#ok` without `PersonalData` (or without the RestrictedID).
        case missingPersonalData = "missing_personal_data"
    }

    public let code: Code
    /// The server's `ResultMinor` or `ResultMessage`, or what was wrong; never shown to users.
    public let debugReason: String

    public init(_ code: Code, debugReason: String = "") {
        self.code = code
        self.debugReason = debugReason
    }

    public var description: String {
        "EIDError.\(code.rawValue)\(debugReason.isEmpty ? "" : ": \(debugReason)")"
    }
}
