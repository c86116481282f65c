import Foundation
public import PforteSAML

/// A Land's LogoutResponse to our LogoutRequest (SAML core §3.7.2, profiles §4.4.4.2): from
/// that Land, answering that request, signed with a key of its metadata.
public enum LandLogoutResponse {
    /// - Returns: whether the Land reports success (otherwise a partial logout).
    public static func validate(_ message: ReceivedMessage, land: Land, requestID: String) throws(FederationError) -> Bool {
        let root = message.root
        guard root.isNamed(SAMLNamespace.protocol, "LogoutResponse"), root.attribute("Version") == "2.0" else {
            throw FederationError(.malformed, "not a LogoutResponse: \(root.name)")
        }
        guard try ResponseValidator.issuer(of: root) == land.entityID else { throw FederationError(.wrongIssuer) }
        guard root.attribute("InResponseTo") == requestID else {
            throw FederationError(.wrongInResponseTo, root.attribute("InResponseTo") ?? "none")
        }
        do {
            guard try message.verifySignature(trusting: land.signingCertificates) else {
                throw FederationError(.signatureMissing, "unsigned LogoutResponse")
            }
        } catch let error as SAMLRequestError {
            throw FederationError(.signatureInvalid, error.debugReason)
        } catch let error as FederationError {
            throw error
        } catch {
            throw FederationError(.signatureInvalid)
        }
        let code = root.children.first { $0.isNamed(SAMLNamespace.protocol, "Status") }?
            .children.first { $0.isNamed(SAMLNamespace.protocol, "StatusCode") }?.attribute("Value")
        return code == SAMLStatus.success.code
    }
}
