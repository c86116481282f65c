import Foundation
import PforteXML
import Testing

/// The `xmlsec1` command-line tool as an independent peer.
@Suite(
    "Interoperability with the xmlsec1 CLI",
    .enabled(if: FileManager.default.isExecutableFile(atPath: XMLSecCLI.path), "xmlsec1 CLI not installed at /usr/bin/xmlsec1")
)
struct XMLSecCLIInteropTests {
    @Test func theCLIVerifiesWhatWeSign() throws {
        let directory = try XMLSecCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificate = directory.appendingPathComponent("cert.pem")
        let signed = directory.appendingPathComponent("signed.xml")
        try TestPKI.idp.certificatePEM.write(to: certificate, atomically: true, encoding: .utf8)
        try Fixtures.signedResponseXML().write(to: signed, atomically: true, encoding: .utf8)

        let arguments = [
            "--verify", "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
            "--pubkey-cert-pem", certificate.path,
        ]
        let result = try XMLSecCLI.run(arguments + [signed.path])
        #expect(result.status == 0, "\(result.output)")

        let tampered = directory.appendingPathComponent("tampered.xml")
        try Fixtures.signedResponseXML().replacingOccurrences(of: "alice@", with: "mallory@")
            .write(to: tampered, atomically: true, encoding: .utf8)
        #expect(try XMLSecCLI.run(arguments + [tampered.path]).status != 0)
    }

    @Test func theCLIDecryptsWhatWeEncrypt() throws {
        let directory = try XMLSecCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("key.pem")
        let encrypted = directory.appendingPathComponent("encrypted.xml")
        try TestPKI.idp.privateKeyPEM.write(to: key, atomically: true, encoding: .utf8)
        try EncryptionTests.encryptedResponseXML().write(to: encrypted, atomically: true, encoding: .utf8)

        let result = try XMLSecCLI.run(["--decrypt", "--privkey-pem", key.path, encrypted.path])
        #expect(result.status == 0, "\(result.output)")
        let decrypted = try XMLDocument(parsing: result.output)
        #expect(try #require(decrypted.root.descendants(named: Fixtures.nameID).first).textContent == "alice@example.org")
    }

    @Test func weDecryptWhatTheCLIEncrypts() throws {
        let xml = try XMLSecCLI.encrypt("<saml:NameID>bob@example.org</saml:NameID>")
        let document = try XMLDocument(parsing: xml)
        let encryptedData = try #require(document.root.firstChild(named: Fixtures.encryptedData))
        let nameID = try document.decrypt(encryptedData: encryptedData, with: TestPKI.idp.signingKey)
        #expect(nameID.name == Fixtures.nameID, "the prefix resolves in the context of the EncryptedData")
        #expect(nameID.textContent == "bob@example.org")
    }

    /// The plaintext goes through the hardened parser: no DTD, no entities, one element.
    @Test(arguments: [
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
        "<x>&e;</x>",
        "<a/><b/>",
        "text",
    ])
    func refusesPlaintextThatIsNotOneHarmlessElement(plaintext: String) throws {
        let document = try XMLDocument(parsing: XMLSecCLI.encrypt(plaintext))
        let encryptedData = try #require(document.root.firstChild(named: Fixtures.encryptedData))
        let error = #expect(throws: XMLEncryptionError.self) {
            try document.decrypt(encryptedData: encryptedData, with: TestPKI.idp.signingKey)
        }
        #expect(error?.code == .invalidPlaintext)
    }
}

enum XMLSecCLI {
    static let path = "/usr/bin/xmlsec1"

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-xmlsec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Encrypts `plaintext` (any bytes) for `TestPKI.idp` into an `EncryptedData` of Type
    /// Element inside `<saml:EncryptedAssertion>`, AES-256-GCM and RSA-OAEP, with the CLI.
    static func encrypt(_ plaintext: String) throws -> String {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificate = directory.appendingPathComponent("cert.pem")
        let data = directory.appendingPathComponent("plain.bin")
        let template = directory.appendingPathComponent("template.xml")
        try TestPKI.idp.certificatePEM.write(to: certificate, atomically: true, encoding: .utf8)
        try plaintext.write(to: data, atomically: true, encoding: .utf8)
        try """
            <saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">\
            <xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" \
            Type="http://www.w3.org/2001/04/xmlenc#Element">\
            <xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/>\
            <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey>\
            <xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>\
            <xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>\
            <xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedData>\
            </saml:EncryptedAssertion>
            """.write(to: template, atomically: true, encoding: .utf8)
        let result = try run([
            "--encrypt", "--pubkey-cert-pem", certificate.path, "--session-key", "aes-256",
            "--binary-data", data.path, template.path,
        ])
        try #require(result.status == 0, "\(result.output)")
        return result.output
    }
}
