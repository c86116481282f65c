/// A single logout in progress (SAML profiles §4.4.3): the session has ended, and its other
/// participants are sent a LogoutRequest one after the other through the browser, each
/// answering at our SLO endpoint with the run's handle as RelayState. When none is left, the
/// run ends where it started: a LogoutResponse to the SP that asked, or the logged-out page.
///
/// `Codable`: the store keeps it between the browser's visits.
public struct LogoutRun: Sendable, Codable, Equatable {
    /// A session participant still to notify.
    public struct Participant: Sendable, Codable, Equatable {
        public let serviceProvider: String
        public let nameID: String
        public let nameIDFormat: NameIDFormat
        public let sessionIndex: String

        public init(serviceProvider: String, nameID: String, nameIDFormat: NameIDFormat, sessionIndex: String) {
            self.serviceProvider = serviceProvider
            self.nameID = nameID
            self.nameIDFormat = nameIDFormat
            self.sessionIndex = sessionIndex
        }
    }

    /// The SP whose LogoutRequest started the run; `nil` when the user logged out at Pforte.
    public let origin: ValidatedLogoutRequest?
    /// Where the browser goes when the round is over and there is no SP to answer: a location
    /// the code that started the run has checked (an OIDC client's registered
    /// `post_logout_redirect_uri`, a Land's signed LogoutResponse); `nil` for the logged-out page.
    public let continuation: String?
    public private(set) var remaining: [Participant]
    /// The LogoutRequest sent last, whose response is awaited: its ID and recipient.
    public private(set) var awaitingID: String?
    public private(set) var awaitingServiceProvider: String?
    /// Set when a participant could not be notified or did not confirm.
    public private(set) var partial = false

    public init(origin: ValidatedLogoutRequest?, participants: [Participant], continuation: String? = nil) {
        self.origin = origin
        self.continuation = continuation
        self.remaining = participants.filter { $0.serviceProvider != origin?.serviceProvider }
    }

    /// The status for the originating SP's LogoutResponse.
    public var status: SAMLStatus { partial ? .partialLogout : .success }

    /// Takes the next participant to notify.
    public mutating func next() -> Participant? {
        awaitingID = nil
        awaitingServiceProvider = nil
        return remaining.isEmpty ? nil : remaining.removeFirst()
    }

    /// Notes the LogoutRequest sent to `participant`.
    public mutating func sent(id: String, to participant: Participant) {
        awaitingID = id
        awaitingServiceProvider = participant.serviceProvider
    }

    /// Notes a participant that has no SLO endpoint or refused.
    public mutating func markPartial() {
        partial = true
    }

    /// Accepts a LogoutResponse if it answers the request awaited; an unrelated one (another
    /// request ID or issuer) is refused, so a stray or replayed response cannot advance the run.
    public mutating func accept(_ response: ValidatedLogoutResponse) throws(SAMLRequestError) {
        guard response.inResponseTo == awaitingID, response.serviceProvider == awaitingServiceProvider else {
            throw SAMLRequestError(.unexpectedResponse, "InResponseTo \(response.inResponseTo) from \(response.serviceProvider)")
        }
        if !response.status.isSuccess { partial = true }
    }
}
