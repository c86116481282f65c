import Foundation
import PforteXML
import Testing

/// What an SP's software sends in an `EncryptedID` (Shibboleth: AES-256-CBC, RSA-OAEP), made by
/// independent tools: content by the xmlsec1 CLI with a known AES key, the key transported by
/// the openssl CLI with the RSA-OAEP digests under test.
@Suite(
    "Decryption policy",
    .enabled(if: FileManager.default.isExecutableFile(atPath: XMLSecCLI.path), "xmlsec1 CLI not installed at /usr/bin/xmlsec1")
)
struct DecryptionPolicyTests {
    static let oaepMGF1P = "<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p\"/>"
    static let sha1 = "<ds:DigestMethod Algorithm=\"http://www.w3.org/2000/09/xmldsig#sha1\"/>"
    static let sha256 = "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>"

    static func oaep11(digest: String, mgf: String?) -> String {
        "<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2009/xmlenc11#rsa-oaep\">\(digest)"
            + (mgf.map { "<xenc11:MGF xmlns:xenc11=\"http://www.w3.org/2009/xmlenc11#\" Algorithm=\"http://www.w3.org/2009/xmlenc11#\($0)\"/>" } ?? "")
            + "</xenc:EncryptionMethod>"
    }

    private func decrypt(_ xml: String, policy: XMLDecryptionPolicy = .signedContent) throws -> XMLElement {
        let document = try XMLDocument(parsing: xml)
        let encryptedData = try #require(document.root.firstChild(named: Fixtures.encryptedData))
        return try document.decrypt(encryptedData: encryptedData, with: TestPKI.idp.signingKey, policy: policy)
    }

    private func refusal(_ xml: String, policy: XMLDecryptionPolicy = .signedContent) throws -> XMLEncryptionError.Code? {
        #expect(throws: XMLEncryptionError.self) { try decrypt(xml, policy: policy) }?.code
    }

    @Test(arguments: ["aes128-cbc", "aes256-cbc", "aes128-gcm", "aes256-gcm"])
    func decryptsEveryContentAlgorithmOfSignedContent(content: String) throws {
        let xml = try EncryptedIDMaker.make(content: content, keyTransport: Self.oaepMGF1P, oaepDigest: "sha1", mgf1Digest: "sha1")
        let nameID = try decrypt(xml)
        #expect(nameID.name == Fixtures.nameID)
        #expect(nameID.textContent == "bob@example.org")
    }

    @Test(arguments: [
        (oaepMGF1P, "sha1", "sha1"),
        ("<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p\">\(sha1)</xenc:EncryptionMethod>", "sha1", "sha1"),
        ("<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p\">\(sha256)</xenc:EncryptionMethod>", "sha256", "sha1"),
        (oaep11(digest: sha256, mgf: nil), "sha256", "sha1"),
        (oaep11(digest: sha256, mgf: "mgf1sha256"), "sha256", "sha256"),
        (oaep11(digest: sha1, mgf: "mgf1sha1"), "sha1", "sha1"),
    ])
    func decryptsEveryRSAOAEPVariant(method: String, digest: String, mgf1: String) throws {
        let xml = try EncryptedIDMaker.make(content: "aes256-cbc", keyTransport: method, oaepDigest: digest, mgf1Digest: mgf1)
        #expect(try decrypt(xml).textContent == "bob@example.org")
    }

    /// SAML core §2.2.4: the `EncryptedKey` may stand beside the `EncryptedData` in the wrapper.
    @Test func findsTheKeyBesideTheData() throws {
        let xml = try EncryptedIDMaker.make(
            content: "aes256-cbc", keyTransport: Self.oaepMGF1P, oaepDigest: "sha1", mgf1Digest: "sha1", keyBesideData: true
        )
        #expect(try decrypt(xml).textContent == "bob@example.org")
    }

    @Test func refusesRSAPKCS1v15KeyTransport() throws {
        let xml = try EncryptedIDMaker.make(
            content: "aes256-cbc", keyTransport: "<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#rsa-1_5\"/>",
            oaepDigest: nil, mgf1Digest: nil
        )
        #expect(try refusal(xml) == .unsupportedAlgorithm)
    }

    @Test func refusesCBCWhereNoSignatureProtectsIt() throws {
        let xml = try EncryptedIDMaker.make(content: "aes256-cbc", keyTransport: Self.oaepMGF1P, oaepDigest: "sha1", mgf1Digest: "sha1")
        #expect(try refusal(xml, policy: .authenticatedOnly) == .unsupportedAlgorithm)
    }

    @Test func refusesADigestMismatch() throws {
        let xml = try EncryptedIDMaker.make(content: "aes256-cbc", keyTransport: Self.oaepMGF1P, oaepDigest: "sha256", mgf1Digest: "sha1")
        #expect(try refusal(xml) == .keyDecryptionFailed)
    }

    @Test(arguments: [
        oaep11(digest: "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#md5\"/>", mgf: nil),
        oaep11(digest: sha256, mgf: "mgf1sha512x"),
        "<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p\"><xenc:OAEPparams>AA==</xenc:OAEPparams></xenc:EncryptionMethod>",
    ])
    func refusesOtherOAEPParameters(method: String) throws {
        let xml = try EncryptedIDMaker.make(content: "aes256-cbc", keyTransport: method, oaepDigest: "sha1", mgf1Digest: "sha1")
        #expect(try refusal(xml) == .unsupportedAlgorithm)
    }

    /// A 128-bit key where the algorithm needs 256 bits.
    @Test func refusesAKeyOfTheWrongSize() throws {
        let xml = try EncryptedIDMaker.make(
            content: "aes256-cbc", keyTransport: Self.oaepMGF1P, oaepDigest: "sha1", mgf1Digest: "sha1", transportedKeyBytes: 16
        )
        #expect(try refusal(xml) == .keyDecryptionFailed)
    }

    @Test func refusesTwoKeys() throws {
        let xml = try EncryptedIDMaker.make(content: "aes256-cbc", keyTransport: Self.oaepMGF1P, oaepDigest: "sha1", mgf1Digest: "sha1")
        let key = try #require(xml.firstRange(of: /<xenc:EncryptedKey [\s\S]*<\/xenc:EncryptedKey>/))
        #expect(try refusal(xml.replacingCharacters(in: key, with: String(xml[key]) + String(xml[key]))) == .malformed)
    }
}

/// Builds `<saml:EncryptedID>` documents with the xmlsec1 and openssl CLIs.
enum EncryptedIDMaker {
    static func make(
        content: String, keyTransport: String, oaepDigest: String?, mgf1Digest: String?,
        keyBesideData: Bool = false, transportedKeyBytes: Int? = nil
    ) throws -> String {
        let directory = try XMLSecCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyBytes = content.contains("128") ? 16 : 32
        let aesKey = directory.appendingPathComponent("aes.bin")
        try Data((0..<keyBytes).map { _ in UInt8.random(in: 0...255) }).write(to: aesKey)
        let plaintext = directory.appendingPathComponent("plain.xml")
        try "<saml:NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\">bob@example.org</saml:NameID>"
            .write(to: plaintext, atomically: true, encoding: .utf8)
        let template = directory.appendingPathComponent("template.xml")
        try """
            <saml:EncryptedID xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">\
            <xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element">\
            <xenc:EncryptionMethod Algorithm="\(content.hasSuffix("gcm") ? "http://www.w3.org/2009/xmlenc11#" : "http://www.w3.org/2001/04/xmlenc#")\(content)"/>\
            <xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedData></saml:EncryptedID>
            """.write(to: template, atomically: true, encoding: .utf8)
        let encrypted = try XMLSecCLI.run(["--encrypt", "--aeskey", aesKey.path, "--binary-data", plaintext.path, template.path])
        try #require(encrypted.status == 0, "\(encrypted.output)")

        let certificate = directory.appendingPathComponent("cert.pem")
        try TestPKI.idp.certificatePEM.write(to: certificate, atomically: true, encoding: .utf8)
        let transported = directory.appendingPathComponent("transported.bin")
        try Data(try Data(contentsOf: aesKey).prefix(transportedKeyBytes ?? keyBytes)).write(to: transported)
        var options = ["-pkeyopt", "rsa_padding_mode:pkcs1"]
        if let oaepDigest, let mgf1Digest {
            options = ["-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:\(oaepDigest)", "-pkeyopt", "rsa_mgf1_md:\(mgf1Digest)"]
        }
        let wrapped = try Process.output("/usr/bin/openssl", ["pkeyutl", "-encrypt", "-certin", "-inkey", certificate.path, "-in", transported.path] + options)
        let encryptedKey = """
            <xenc:EncryptedKey xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">\
            \(keyTransport)<xenc:CipherData><xenc:CipherValue>\(wrapped.base64EncodedString())</xenc:CipherValue></xenc:CipherData>\
            </xenc:EncryptedKey>
            """
        var xml = encrypted.output
        if keyBesideData {
            xml = xml.replacingOccurrences(of: "</saml:EncryptedID>", with: "\(encryptedKey)</saml:EncryptedID>")
        } else {
            let method = try #require(xml.firstRange(of: /<xenc:EncryptionMethod [^>]*\/>/))
            xml.insert(contentsOf: "<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\(encryptedKey)</ds:KeyInfo>", at: method.upperBound)
        }
        return xml
    }
}

extension Process {
    /// Runs `path` and returns its standard output; fails on a non-zero status.
    static func output(_ path: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(path) \(arguments) failed")
        return data
    }
}
