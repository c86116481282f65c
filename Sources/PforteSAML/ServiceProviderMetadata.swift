public import Foundation
import PforteXML

/// Reading an SP's metadata (SAML metadata §2.3.2 `EntityDescriptor`, §2.4.4
/// `SPSSODescriptor`) into a ``ServiceProvider``, refusing what Pforte could not use safely.
public enum ServiceProviderMetadata {
    /// - Parameters:
    ///   - federationCertificate: when given, the `EntityDescriptor` must carry an enveloped
    ///     signature by it (metadata imported from a federation's aggregate or signed by the
    ///     SP's operator), checked like every XML signature here.
    /// - Throws: ``MetadataError`` naming the first problem.
    public static func parse(
        _ data: Data, settings: ServiceProviderSettings = ServiceProviderSettings(),
        federationCertificate: TrustedCertificate? = nil, now: Date = Date()
    ) throws(MetadataError) -> ServiceProvider {
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: data)
            try document.registerIDAttributes()
        } catch {
            throw MetadataError("not well-formed metadata: \(error)")
        }
        let root = document.root
        guard root.isNamed(SAMLNamespace.metadata, "EntityDescriptor") else {
            throw MetadataError("the document element is not one md:EntityDescriptor (\(root.name))")
        }
        if let federationCertificate {
            do {
                try document.verifySignature(of: root, trusting: federationCertificate.xmlKey)
            } catch {
                throw MetadataError("the metadata signature does not verify with the federation certificate: \(error)")
            }
        }
        return try provider(root, settings: settings, now: now)
    }

    /// The SPs of a signed aggregate (`md:EntitiesDescriptor`, SAML metadata §2.3.1), each
    /// served like a single SP's metadata. The signature covers the whole document and is
    /// required; `validUntil` of the aggregate applies to all.
    ///
    /// - Parameters:
    ///   - settings: by entityID.
    ///   - skipped: told of each `EntityDescriptor` with an `SPSSODescriptor` that is unusable
    ///     (its entityID, or `?`, and why): one bad SP does not cost the others.
    /// - Throws: ``MetadataError`` when the document itself fails (parse, signature, expiry).
    public static func parseAggregate(
        _ data: Data, settings: (String) -> ServiceProviderSettings = { _ in ServiceProviderSettings() },
        federationCertificate: TrustedCertificate, now: Date = Date(),
        skipped: (String, MetadataError) -> Void = { _, _ in }
    ) throws(MetadataError) -> [ServiceProvider] {
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: data, limits: XMLParsingLimits(maximumBytes: 8 * 1024 * 1024))
            try document.registerIDAttributes()
        } catch {
            throw MetadataError("not well-formed metadata: \(error)")
        }
        let root = document.root
        guard root.isNamed(SAMLNamespace.metadata, "EntitiesDescriptor") else {
            throw MetadataError("the document element is not md:EntitiesDescriptor (\(root.name))")
        }
        do {
            try document.verifySignature(of: root, trusting: federationCertificate.xmlKey)
        } catch {
            throw MetadataError("the metadata signature does not verify with the federation certificate: \(error)")
        }
        if let validUntil = root.attribute("validUntil") {
            guard let end = SAMLTime.parse(validUntil), end > now else {
                throw MetadataError("the aggregate has expired (validUntil \(validUntil))")
            }
        }
        var providers: [ServiceProvider] = []
        for entity in root.children(named: XMLName(namespace: SAMLNamespace.metadata, localName: "EntityDescriptor"))
        where !entity.children(named: XMLName(namespace: SAMLNamespace.metadata, localName: "SPSSODescriptor")).isEmpty {
            let entityID = entity.attribute("entityID") ?? "?"
            do {
                providers.append(try provider(entity, settings: settings(entityID), now: now))
            } catch {
                skipped(entityID, error)
            }
        }
        return providers
    }

    /// Whether `data` is an aggregate (`md:EntitiesDescriptor`) rather than one entity's
    /// metadata; false for what does not parse (the parser then says why).
    public static func isAggregate(_ data: Data) -> Bool {
        guard let document = try? XMLDocument(parsing: data, limits: XMLParsingLimits(maximumBytes: 8 * 1024 * 1024)) else { return false }
        return document.root.isNamed(SAMLNamespace.metadata, "EntitiesDescriptor")
    }

    /// One `EntityDescriptor` whose signature, if any is required, was checked already.
    private static func provider(_ root: XMLElement, settings: ServiceProviderSettings, now: Date) throws(MetadataError) -> ServiceProvider {
        guard let entityID = root.attribute("entityID"), !entityID.isEmpty, entityID.count <= 1024,
              entityID.contains(":"), !entityID.contains(where: \.isWhitespace)
        else { throw MetadataError("entityID must be an absolute URI of at most 1024 characters (SAML metadata §2.3.2)") }
        if let validUntil = root.attribute("validUntil") {
            guard let end = SAMLTime.parse(validUntil), end > now else {
                throw MetadataError("the metadata of \(entityID) has expired (validUntil \(validUntil))")
            }
        }
        let descriptors = root.children(named: XMLName(namespace: SAMLNamespace.metadata, localName: "SPSSODescriptor"))
        guard descriptors.count == 1, let descriptor = descriptors.first else {
            throw MetadataError("\(entityID): expected exactly one SPSSODescriptor")
        }
        guard (descriptor.attribute("protocolSupportEnumeration") ?? "").split(separator: " ").contains(Substring(SAMLNamespace.protocol)) else {
            throw MetadataError("\(entityID): the SPSSODescriptor does not support SAML 2.0")
        }
        let (signing, encryption) = try keys(of: descriptor, entityID: entityID)
        let consumers = try endpoints(of: descriptor, named: "AssertionConsumerService", entityID: entityID).filter { $0.binding == .post }
        guard !consumers.isEmpty else {
            throw MetadataError("\(entityID): no AssertionConsumerService with the HTTP-POST binding")
        }
        guard Set(consumers.compactMap(\.index)).count == consumers.count else {
            throw MetadataError("\(entityID): every HTTP-POST AssertionConsumerService needs its own index")
        }
        let logout = try endpoints(of: descriptor, named: "SingleLogoutService", entityID: entityID)
        let requestsSigned = descriptor.attribute("AuthnRequestsSigned") == "true" || descriptor.attribute("AuthnRequestsSigned") == "1"
        if (requestsSigned || settings.requireSignedRequests || !logout.isEmpty) && signing.isEmpty {
            throw MetadataError("\(entityID): signed requests are required but the metadata has no signing certificate")
        }
        return ServiceProvider(
            entityID: entityID, assertionConsumerServices: consumers, singleLogoutServices: logout,
            signingCertificates: signing, encryptionCertificate: encryption, authnRequestsSigned: requestsSigned,
            displayNames: displayNames(of: descriptor), settings: settings
        )
    }

    /// `md:Extensions/mdui:UIInfo/mdui:DisplayName` by `xml:lang`; the first per language counts.
    private static func displayNames(of descriptor: XMLElement) -> [String: String] {
        let ui = "urn:oasis:names:tc:SAML:metadata:ui"
        let language = XMLName(namespace: "http://www.w3.org/XML/1998/namespace", localName: "lang")
        var names: [String: String] = [:]
        let infos = descriptor.children(named: XMLName(namespace: SAMLNamespace.metadata, localName: "Extensions"))
            .flatMap { $0.children(named: XMLName(namespace: ui, localName: "UIInfo")) }
        for element in infos.flatMap({ $0.children(named: XMLName(namespace: ui, localName: "DisplayName")) }) {
            let name = element.trimmedText
            guard let lang = element.attribute(language), !name.isEmpty, names[lang] == nil else { continue }
            names[lang] = String(name.prefix(200))
        }
        return names
    }

    private static func keys(of descriptor: XMLElement, entityID: String) throws(MetadataError)
        -> (signing: [TrustedCertificate], encryption: TrustedCertificate?) {
        var signing: [TrustedCertificate] = []
        var encryption: TrustedCertificate?
        let certificateName = XMLName(namespace: SAMLNamespace.signature, localName: "X509Certificate")
        for keyDescriptor in descriptor.children(named: XMLName(namespace: SAMLNamespace.metadata, localName: "KeyDescriptor")) {
            let use = keyDescriptor.attribute("use")
            guard use == nil || use == "signing" || use == "encryption" else {
                throw MetadataError("\(entityID): KeyDescriptor use=\(use ?? "") is neither signing nor encryption")
            }
            let certificates = keyDescriptor.descendants(named: certificateName)
            guard certificates.count == 1, let text = certificates.first?.textContent else {
                throw MetadataError("\(entityID): each KeyDescriptor needs exactly one ds:X509Certificate")
            }
            let certificate: TrustedCertificate
            do {
                certificate = try TrustedCertificate(base64DER: text)
            } catch {
                throw MetadataError("\(entityID): \(error.reason)")
            }
            if use != "encryption" { signing.append(certificate) }
            if use != "signing" && encryption == nil { encryption = certificate }
        }
        return (signing, encryption)
    }

    private static func endpoints(of descriptor: XMLElement, named name: String, entityID: String) throws(MetadataError) -> [SAMLEndpoint] {
        var endpoints: [SAMLEndpoint] = []
        for element in descriptor.children(named: XMLName(namespace: SAMLNamespace.metadata, localName: name)) {
            // Other bindings (Artifact, PAOS, SOAP) are never used by this IdP: skipped, not refused.
            guard let binding = element.attribute("Binding").flatMap(SAMLBinding.init(rawValue:)) else { continue }
            guard let location = element.attribute("Location"), isAcceptableURL(location) else {
                throw MetadataError("\(entityID): \(name) Location must be an https URL (http only for localhost)")
            }
            let responseLocation = element.attribute("ResponseLocation")
            if let responseLocation, !isAcceptableURL(responseLocation) {
                throw MetadataError("\(entityID): \(name) ResponseLocation must be an https URL (http only for localhost)")
            }
            var index: Int?
            if name == "AssertionConsumerService" {
                guard let value = element.attribute("index").flatMap(Int.init), value >= 0 else {
                    throw MetadataError("\(entityID): AssertionConsumerService \(location) needs a numeric index")
                }
                index = value
            }
            endpoints.append(SAMLEndpoint(
                binding: binding, location: location, responseLocation: responseLocation, index: index,
                isDefault: element.attribute("isDefault") == "true" || element.attribute("isDefault") == "1"
            ))
        }
        return endpoints
    }

    /// Responses carry bearer assertions: they go over https, or to the local machine in
    /// development (a plain-http ACS elsewhere would expose them to anyone on the path).
    public static func isAcceptableURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty,
              components.fragment == nil
        else { return false }
        switch components.scheme {
        case "https": return true
        case "http": return host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host == "::1"
        default: return false
        }
    }
}
