public import Foundation

/// How signed SOAP envelopes reach the eID-Server and its answers come back: HTTPS with a
/// client certificate in production (``HTTPSEIDTransport``), anything else in tests.
public protocol EIDTransport: Sendable {
    /// POSTs `envelope` with the given SOAPAction and returns the response body of a 200.
    func post(_ envelope: Data, soapAction: String) async throws(EIDError) -> Data
}
