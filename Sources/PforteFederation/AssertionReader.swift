import Foundation
import PforteCore
import PforteSAML
import PforteXML

/// Reads the one assertion of a Land's Response, whose signature has been checked, and checks
/// what SAML profiles §4.1.4.3 requires of it.
struct AssertionReader {
    let assertion: XMLElement
    let land: Land
    let serviceProvider: FederationServiceProvider
    let expected: ExpectedResponse
    let policy: ResponsePolicy
    let now: Date

    func read() throws(FederationError) -> ValidatedAssertion {
        guard assertion.attribute("Version") == "2.0", let id = assertion.attribute("ID"), !id.isEmpty else {
            throw FederationError(.malformed, "assertion Version or ID")
        }
        guard let issuer = try ResponseValidator.issuer(of: assertion) else { throw FederationError(.malformed, "assertion without Issuer") }
        guard issuer == land.entityID else { throw FederationError(.wrongIssuer, "assertion from \(issuer)") }
        let subject = try only("Subject", in: assertion, required: true)!
        let nameIDElement = try only("NameID", in: subject, required: true)!
        let confirmationEnd = try bearerConfirmation(subject)
        let conditionsEnd = try conditions()
        let (level, sessionIndex) = try authnStatement()
        let (attributes, dropped) = try self.attributes()

        // textContent concatenates every text node: a comment-split NameID reads as signed.
        let nameID = nameIDElement.trimmedText
        let format = nameIDElement.attribute("Format")
        let stableSubject = attributes[FederationAttributes.pseudonym.friendlyName]
            ?? (format == NameIDFormat.persistent.rawValue && !nameID.isEmpty ? nameID : nil)
        guard let stableSubject else { throw FederationError(.noStableSubject, "NameID format \(format ?? "none")") }
        var assertedLevel = level
        if let attributeLevel = attributes[FederationAttributes.trustLevel.friendlyName] {
            // Both present and different: the lower one, never more than the Land asserted.
            guard let other = TrustLevel(identifier: attributeLevel) else { throw FederationError(.unknownLevel, attributeLevel) }
            assertedLevel = min(level, other)
        }
        var released = attributes
        released[FederationAttributes.pseudonym.friendlyName] = nil
        released[FederationAttributes.trustLevel.friendlyName] = nil
        let identity = UpstreamIdentity(
            connectorID: land.entityID, subject: stableSubject, level: assertedLevel, attributes: released,
            droppedAttributes: dropped,
            logoutHandle: UpstreamLogoutHandle(nameID: nameID, nameIDFormat: format, sessionIndex: sessionIndex)
        )
        return ValidatedAssertion(
            assertionID: id, replayWindowEnd: max(confirmationEnd, conditionsEnd).addingTimeInterval(policy.clockSkew), identity: identity
        )
    }

    /// Profiles §4.1.4.2: a bearer `SubjectConfirmation` whose data names our ACS as
    /// `Recipient`, our request as `InResponseTo`, has a future `NotOnOrAfter` and no `NotBefore`.
    private func bearerConfirmation(_ subject: XMLElement) throws(FederationError) -> Date {
        let confirmations = subject.children(named: XMLName(namespace: SAMLNamespace.assertion, localName: "SubjectConfirmation"))
            .filter { $0.attribute("Method") == SAMLURI.bearer }
        guard confirmations.count == 1, let confirmation = confirmations.first,
              let data = try only("SubjectConfirmationData", in: confirmation, required: true)
        else { throw FederationError(.malformed, "not exactly one bearer SubjectConfirmation") }
        guard data.attribute("Recipient") == serviceProvider.assertionConsumerServiceURL else {
            throw FederationError(.wrongDestination, "Recipient \(data.attribute("Recipient") ?? "none")")
        }
        guard data.attribute("InResponseTo") == expected.requestID else {
            throw FederationError(.wrongInResponseTo, "confirmation InResponseTo \(data.attribute("InResponseTo") ?? "none")")
        }
        guard data.attribute("NotBefore") == nil else { throw FederationError(.malformed, "bearer confirmation with NotBefore") }
        guard let end = data.attribute("NotOnOrAfter").flatMap(SAMLTime.parse) else {
            throw FederationError(.malformed, "bearer confirmation without NotOnOrAfter")
        }
        guard now < end.addingTimeInterval(policy.clockSkew) else { throw FederationError(.expired, "confirmation ended \(SAMLTime.format(end))") }
        return end
    }

    /// Core §2.5: the time window and an `AudienceRestriction` naming our SP entity.
    private func conditions() throws(FederationError) -> Date {
        guard let conditions = try only("Conditions", in: assertion, required: true) else { throw FederationError(.malformed) }
        if let start = conditions.attribute("NotBefore") {
            guard let date = SAMLTime.parse(start) else { throw FederationError(.malformed, "NotBefore") }
            guard now >= date.addingTimeInterval(-policy.clockSkew) else { throw FederationError(.expired, "not yet valid") }
        }
        guard let end = conditions.attribute("NotOnOrAfter").flatMap(SAMLTime.parse) else {
            throw FederationError(.malformed, "Conditions without NotOnOrAfter")
        }
        guard now < end.addingTimeInterval(policy.clockSkew) else { throw FederationError(.expired, "Conditions ended \(SAMLTime.format(end))") }
        let restrictions = conditions.children(named: XMLName(namespace: SAMLNamespace.assertion, localName: "AudienceRestriction"))
        guard !restrictions.isEmpty else { throw FederationError(.wrongAudience, "no AudienceRestriction") }
        // §2.5.1.4: every restriction must be met; each is met when one Audience matches.
        for restriction in restrictions {
            let audiences = restriction.children(named: XMLName(namespace: SAMLNamespace.assertion, localName: "Audience")).map(\.trimmedText)
            guard audiences.contains(serviceProvider.entityID) else {
                throw FederationError(.wrongAudience, audiences.joined(separator: " "))
            }
        }
        return end
    }

    private func authnStatement() throws(FederationError) -> (TrustLevel, String?) {
        let statements = assertion.children(named: XMLName(namespace: SAMLNamespace.assertion, localName: "AuthnStatement"))
        guard statements.count == 1, let statement = statements.first,
              let context = try only("AuthnContext", in: statement, required: true),
              let classRef = try only("AuthnContextClassRef", in: context, required: true)?.trimmedText
        else { throw FederationError(.malformed, "not exactly one AuthnStatement with an AuthnContextClassRef") }
        guard let level = TrustLevel(identifier: classRef) else { throw FederationError(.unknownLevel, classRef) }
        if let end = statement.attribute("SessionNotOnOrAfter").flatMap(SAMLTime.parse), end <= now {
            throw FederationError(.expired, "SessionNotOnOrAfter passed")
        }
        return (level, statement.attribute("SessionIndex"))
    }

    /// Attributes by `Name` through the table and the Land's overrides; the first value each.
    private func attributes() throws(FederationError) -> ([String: String], [String]) {
        var values: [String: String] = [:]
        var dropped: [String] = []
        let attributeName = XMLName(namespace: SAMLNamespace.assertion, localName: "Attribute")
        let valueName = XMLName(namespace: SAMLNamespace.assertion, localName: "AttributeValue")
        for statement in assertion.children(named: XMLName(namespace: SAMLNamespace.assertion, localName: "AttributeStatement")) {
            for attribute in statement.children(named: attributeName) {
                let name = attribute.attribute("Name") ?? ""
                guard let friendly = FederationAttributes.friendlyName(for: name, overrides: land.settings.attributes) else {
                    dropped.append(name)
                    continue
                }
                guard values[friendly] == nil else { throw FederationError(.malformed, "attribute \(name) repeated") }
                let value = attribute.firstChild(named: valueName)?.trimmedText ?? ""
                if !value.isEmpty { values[friendly] = String(value.prefix(512)) }
            }
        }
        return (values, dropped)
    }

    private func only(_ localName: String, in element: XMLElement, required: Bool) throws(FederationError) -> XMLElement? {
        let matches = element.children(named: XMLName(namespace: SAMLNamespace.assertion, localName: localName))
        guard matches.count <= 1, !required || matches.count == 1 else {
            throw FederationError(.malformed, "\(matches.count) \(localName) in \(element.name.localName)")
        }
        return matches.first
    }
}
