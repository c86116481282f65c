import ArgumentParser
import Crypto
import Foundation
import PforteConfiguration
import PforteCrypto
import PforteXML

/// `pforte benchmark`: the cryptographic work behind one login and one signed token or
/// assertion, measured on this machine with the configured parameters. These are the ceilings
/// that server throughput is compared with; build with `-c release` for meaningful numbers.
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure Argon2id (libsodium and libargon2), ES256/RS256 and XML signature cost on this machine (one core)."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Repetitions per operation.")
    var iterations = 50

    func run() throws {
        let config = try options.load()
        let parameters = try Argon2Parameters(
            memoryKiB: config.passwords.argon2MemoryKiB,
            iterations: config.passwords.argon2Iterations,
            parallelism: config.passwords.argon2Parallelism
        )
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-benchmark-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let directory = KeyDirectory(url: scratch)
        try directory.ensureKeys(certificateSubject: "benchmark.invalid")
        let keys = try directory.loadKeySet()

        print("operation                       n     mean ms   p50 ms   p95 ms   p99 ms   ops/s")
        // A login's password work: one Argon2id (by the implementation production picks) and HKDF.
        let keyHash = PasswordKeyHash(parameters: parameters)
        let stored = try keyHash.hash("Benchmark-Passwort-1").hash
        let chosen = Argon2id.implementation(for: parameters, saltLength: 16)
        report("argon2id login (m=\(parameters.memoryKiB)KiB,t=\(parameters.iterations),p=\(parameters.parallelism), \(chosen.rawValue))",
               measure { _ = keyHash.open("Benchmark-Passwort-1", against: stored) })
        let password = Array("Benchmark-Passwort-1".utf8)
        let salt = [UInt8](repeating: 7, count: 16)
        for implementation in Argon2id.Implementation.allCases where parameters.parallelism == 1 || implementation == .libargon2 {
            report("argon2id raw, \(implementation.rawValue)", try measure {
                _ = try Argon2id.derive(password, salt: salt, parameters: parameters, outputLength: 32, using: implementation)
            })
        }

        let payload = Data(repeating: 0x61, count: 600)
        let es256 = keys.oidcES256.active.material
        report("ES256 sign (JWT-sized payload)", try measure { _ = try es256.signature(for: payload) })
        let rs256 = keys.oidcRS256.active.material
        report("RS256 sign, RSA-3072", try measure { _ = try rs256.signature(for: payload, padding: .insecurePKCS1v1_5) })

        let saml = keys.saml.active.material
        let signingKey = try XMLSigningKey(privateKeyPEM: saml.privateKeyPEM, certificatePEM: saml.certificatePEM)
        let verificationKey = try XMLVerificationKey(certificatePEM: saml.certificatePEM)
        report("SAML assertion sign, RSA-3072", try measure {
            let document = try XMLDocument(parsing: SampleAssertion.xml)
            try document.sign(element: document.root, key: signingKey, placement: .after(document.root.children[0]))
        })
        let signed = try XMLDocument(parsing: SampleAssertion.xml)
        try signed.sign(element: signed.root, key: signingKey, placement: .after(signed.root.children[0]))
        let signedBytes = signed.serialized()
        report("SAML assertion parse + verify", try measure {
            let document = try XMLDocument(parsing: signedBytes)
            try document.verifySignature(of: document.root, trusting: verificationKey)
        })
    }

    private func measure(_ operation: () throws -> Void) rethrows -> [Duration] {
        try operation()
        let clock = ContinuousClock()
        return try (0..<iterations).map { _ in try clock.measure(operation) }
    }

    private func report(_ name: String, _ samples: [Duration]) {
        let milliseconds = samples.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 }.sorted()
        func percentile(_ p: Double) -> Double { milliseconds[min(milliseconds.count - 1, Int(Double(milliseconds.count) * p))] }
        let mean = milliseconds.reduce(0, +) / Double(milliseconds.count)
        let label = name.count > 30 ? name : name.padding(toLength: 30, withPad: " ", startingAt: 0)
        print(String(format: "%@ %4d %9.3f %8.3f %8.3f %8.3f %8.0f", label, milliseconds.count, mean, percentile(0.5), percentile(0.95), percentile(0.99), 1000 / mean))
    }
}

/// A SAML 2.0 assertion of typical size (subject, conditions, authentication statement, six
/// attributes), the unit the IdP signs per login.
enum SampleAssertion {
    static let xml = """
        <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_a7b3c9d1e5f24a6b8c0d2e4f6a8b0c1d" Version="2.0" IssueInstant="2026-11-23T09:00:00Z">\
        <saml:Issuer>https://konto.example.de/saml</saml:Issuer>\
        <saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" NameQualifier="https://konto.example.de/saml" SPNameQualifier="https://portal.example.de/sp">k3JqR0ZmN2xWb1pQeTlHd0RjQ2hqV0V4U2tBbW5vUXM</saml:NameID>\
        <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="_req4711" NotOnOrAfter="2026-11-23T09:05:00Z" Recipient="https://portal.example.de/sp/acs"/></saml:SubjectConfirmation></saml:Subject>\
        <saml:Conditions NotBefore="2026-11-23T08:59:30Z" NotOnOrAfter="2026-11-23T09:05:00Z"><saml:AudienceRestriction><saml:Audience>https://portal.example.de/sp</saml:Audience></saml:AudienceRestriction></saml:Conditions>\
        <saml:AuthnStatement AuthnInstant="2026-11-23T08:59:58Z" SessionIndex="_s1f2e3d4c5b6a7"><saml:AuthnContext><saml:AuthnContextClassRef>http://eidas.europa.eu/LoA/low</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>\
        <saml:AttributeStatement>\
        <saml:Attribute Name="urn:oid:2.5.4.42" FriendlyName="givenName" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue xsi:type="xs:string">Erika</saml:AttributeValue></saml:Attribute>\
        <saml:Attribute Name="urn:oid:2.5.4.4" FriendlyName="surname" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue xsi:type="xs:string">Mustermann</saml:AttributeValue></saml:Attribute>\
        <saml:Attribute Name="urn:oid:0.9.2342.19200300.100.1.3" FriendlyName="mail" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue xsi:type="xs:string">erika.mustermann@example.de</saml:AttributeValue></saml:Attribute>\
        <saml:Attribute Name="urn:oid:1.3.6.1.5.5.7.9.1" FriendlyName="dateOfBirth" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue xsi:type="xs:string">1964-08-12</saml:AttributeValue></saml:Attribute>\
        <saml:Attribute Name="urn:oid:2.5.4.9" FriendlyName="street" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue xsi:type="xs:string">Heidestraße 17</saml:AttributeValue></saml:Attribute>\
        <saml:Attribute Name="urn:oid:2.5.4.7" FriendlyName="locality" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue xsi:type="xs:string">Köln</saml:AttributeValue></saml:Attribute>\
        </saml:AttributeStatement></saml:Assertion>
        """
}
