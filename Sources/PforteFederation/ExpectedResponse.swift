public import Foundation

/// What the server remembered when it sent the AuthnRequest (dex: the server owns state and
/// the expected InResponseTo): the answer must come from this Land and answer this request.
public struct ExpectedResponse: Sendable, Codable, Equatable {
    public let landEntityID: String
    public let requestID: String

    public init(landEntityID: String, requestID: String) {
        self.landEntityID = landEntityID
        self.requestID = requestID
    }
}

/// The result of a validated Response: the identity, and the assertion ID with the time until
/// which it must be remembered as used (one-time assertions, design §7).
public struct ValidatedAssertion: Sendable {
    public let assertionID: String
    public let replayWindowEnd: Date
    public let identity: UpstreamIdentity
}

/// Time limits for a Land's Responses.
public struct ResponsePolicy: Sendable {
    /// How old a Response's `IssueInstant` may be.
    public let maximumAge: TimeInterval
    /// Tolerated clock difference between the Land and us, either way.
    public let clockSkew: TimeInterval

    public init(maximumAge: TimeInterval, clockSkew: TimeInterval) {
        self.maximumAge = maximumAge
        self.clockSkew = clockSkew
    }
}
