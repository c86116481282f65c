public import Foundation
public import PforteSAML
import PforteXML

/// Reading the Länder's IdP metadata (SAML metadata §2.4.3 `IDPSSODescriptor`): one
/// `EntityDescriptor` per file, or a federation's aggregate (`EntitiesDescriptor`), which must
/// carry an enveloped signature by the configured federation certificate.
public enum LandMetadata {
    /// - Parameters:
    ///   - settings: by entityID; absent entries get the defaults.
    ///   - federationCertificate: required for an aggregate; when given, a single
    ///     `EntityDescriptor` must be signed by it too.
    ///   - skipsInvalidEntities: an unusable Land inside an aggregate is reported to `skipped`
    ///     (its entityID and why) and left out instead of refusing the whole document.
    /// - Returns: every entity with an `IDPSSODescriptor`; none for an SP's metadata (a Land's
    ///   SP, served by the IdP side).
    /// - Throws: ``FederationError`` `.metadata` naming the first problem.
    public static func parse(
        _ data: Data, settings: (String) -> LandSettings = { _ in LandSettings() },
        federationCertificate: TrustedCertificate? = nil, now: Date = Date(),
        skipsInvalidEntities: Bool = false, skipped: (String, FederationError) -> Void = { _, _ in }
    ) throws(FederationError) -> [Land] {
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: data, limits: XMLParsingLimits(maximumBytes: 8 * 1024 * 1024))
            try document.registerIDAttributes()
        } catch {
            throw FederationError(.metadata, "not well-formed metadata: \(error)")
        }
        let root = document.root
        let isAggregate = root.isNamed(SAMLNamespace.metadata, "EntitiesDescriptor")
        guard isAggregate || root.isNamed(SAMLNamespace.metadata, "EntityDescriptor") else {
            throw FederationError(.metadata, "the document element is neither md:EntityDescriptor nor md:EntitiesDescriptor")
        }
        if isAggregate && federationCertificate == nil {
            throw FederationError(.metadata, "an aggregate (EntitiesDescriptor) needs the federation certificate (saml.federation_certificate) to verify its signature")
        }
        if let federationCertificate {
            do {
                try document.verifySignature(of: root, trusting: federationCertificate.xmlKey)
            } catch {
                throw FederationError(.metadata, "the metadata signature does not verify with the federation certificate: \(error)")
            }
        }
        try checkValidity(root, now: now)
        let entities = isAggregate
            ? root.children(named: XMLName(namespace: SAMLNamespace.metadata, localName: "EntityDescriptor"))
            : [root]
        var lands: [Land] = []
        for entity in entities {
            do {
                if let land = try land(entity, settings: settings, now: now) { lands.append(land) }
            } catch {
                // With `skipped`, one bad Land of an aggregate does not cost the others.
                guard isAggregate, skipsInvalidEntities else { throw error }
                skipped(entity.attribute("entityID") ?? "?", error)
            }
        }
        return lands
    }

    private static func land(_ entity: XMLElement, settings: (String) -> LandSettings, now: Date) throws(FederationError) -> Land? {
        try checkValidity(entity, now: now)
        let descriptors = entity.children(named: XMLName(namespace: SAMLNamespace.metadata, localName: "IDPSSODescriptor"))
        guard descriptors.count <= 1 else {
            throw FederationError(.metadata, "more than one IDPSSODescriptor in \(entity.attribute("entityID") ?? "?")")
        }
        guard let descriptor = descriptors.first else { return nil }
        return try land(entity, descriptor: descriptor, settings: settings)
    }

    private static func checkValidity(_ element: XMLElement, now: Date) throws(FederationError) {
        if let validUntil = element.attribute("validUntil") {
            guard let end = SAMLTime.parse(validUntil), end > now else {
                throw FederationError(.metadata, "the metadata has expired (validUntil \(validUntil))")
            }
        }
    }

    private static func land(
        _ entity: XMLElement, descriptor: XMLElement, settings: (String) -> LandSettings
    ) throws(FederationError) -> Land {
        guard let entityID = entity.attribute("entityID"), !entityID.isEmpty, entityID.count <= 1024,
              entityID.contains(":"), !entityID.contains(where: \.isWhitespace)
        else { throw FederationError(.metadata, "entityID must be an absolute URI of at most 1024 characters") }
        guard (descriptor.attribute("protocolSupportEnumeration") ?? "").split(separator: " ").contains(Substring(SAMLNamespace.protocol)) else {
            throw FederationError(.metadata, "\(entityID): the IDPSSODescriptor does not support SAML 2.0")
        }
        var signing: [TrustedCertificate] = []
        let certificateName = XMLName(namespace: SAMLNamespace.signature, localName: "X509Certificate")
        for keyDescriptor in descriptor.children(named: XMLName(namespace: SAMLNamespace.metadata, localName: "KeyDescriptor"))
        where keyDescriptor.attribute("use") != "encryption" {
            for certificate in keyDescriptor.descendants(named: certificateName) {
                do {
                    signing.append(try TrustedCertificate(base64DER: certificate.textContent))
                } catch {
                    throw FederationError(.metadata, "\(entityID): \(error.reason)")
                }
            }
        }
        guard !signing.isEmpty else { throw FederationError(.metadata, "\(entityID): no signing certificate") }
        guard let sso = endpoint(descriptor, "SingleSignOnService") else {
            throw FederationError(.metadata, "\(entityID): no SingleSignOnService with the HTTP-Redirect binding at an https URL")
        }
        return Land(
            entityID: entityID, singleSignOnURL: sso, singleLogoutURL: endpoint(descriptor, "SingleLogoutService"),
            signingCertificates: signing, settings: settings(entityID), metadataName: displayName(of: descriptor)
        )
    }

    /// The Redirect-binding `Location` of `name`, if it is acceptable (https, http only locally).
    private static func endpoint(_ descriptor: XMLElement, _ name: String) -> String? {
        descriptor.children(named: XMLName(namespace: SAMLNamespace.metadata, localName: name))
            .first { $0.attribute("Binding") == SAMLBinding.redirect.rawValue }
            .flatMap { $0.attribute("Location") }
            .flatMap { ServiceProviderMetadata.isAcceptableURL($0) ? $0 : nil }
    }

    private static func displayName(of descriptor: XMLElement) -> String? {
        let ui = "urn:oasis:names:tc:SAML:metadata:ui"
        return descriptor.children(named: XMLName(namespace: SAMLNamespace.metadata, localName: "Extensions"))
            .flatMap { $0.children(named: XMLName(namespace: ui, localName: "UIInfo")) }
            .flatMap { $0.children(named: XMLName(namespace: ui, localName: "DisplayName")) }
            .map(\.trimmedText).first { !$0.isEmpty }
    }
}
