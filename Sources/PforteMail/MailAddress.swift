/// A mailbox: an address with an optional display name (RFC 5322 §3.4 `name-addr`).
///
/// Validation is deliberately minimal — the only way to know whether an address works is to
/// send to it — but strict about what could break the message or the SMTP envelope: no line
/// breaks or controls anywhere, ASCII only in the address (we do not negotiate SMTPUTF8,
/// RFC 6531; registration forbids umlauts in e-mail addresses anyway, design §4), exactly one
/// `@`, no characters that are RFC 5322 `specials` or space in the local part, and LDH labels in
/// the domain. Quoted local parts and address literals are refused: nobody registers with them.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The `addr-spec`, `local-part@domain`, as used in the SMTP envelope.
    public let address: String
    /// Shown by mail clients instead of the address; any Unicode text without controls.
    public let displayName: String?

    public init(_ address: String, displayName: String? = nil) throws(MailError) {
        try HeaderText.check(address, field: "address")
        if let displayName { try HeaderText.check(displayName, field: "display name") }
        try Self.validate(address)
        self.address = address
        self.displayName = displayName.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var description: String {
        displayName.map { "\($0) <\(address)>" } ?? address
    }

    /// The domain part, e.g. to derive a Message-ID domain from the sender.
    public var domain: Substring {
        address[address.index(after: address.lastIndex(of: "@")!)...]
    }

    /// RFC 5321 §4.5.3.1: local part ≤ 64 octets, path ≤ 256 octets including `<>`.
    private static func validate(_ address: String) throws(MailError) {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, address.utf8.count <= 254 else {
            throw MailError(.invalidAddress, "\"\(address)\" is not local-part@domain")
        }
        let local = parts[0]
        guard !local.isEmpty, local.utf8.count <= 64, local.utf8.allSatisfy(isLocalPartOctet),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else {
            throw MailError(.invalidAddress, "\"\(address)\" has an invalid local part")
        }
        do {
            try validateDomain(parts[1])
        } catch {
            throw MailError(.invalidAddress, "\"\(address)\" has an invalid domain")
        }
    }

    /// RFC 5322 §3.2.3 `atext` plus `.` for dot-atom.
    private static func isLocalPartOctet(_ octet: UInt8) -> Bool {
        switch octet {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-/=?^_`{|}~.".utf8).contains(octet)
        }
    }

    private static func isLDHOctet(_ octet: UInt8) -> Bool {
        switch octet {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// A host name of letters, digits and hyphens (RFC 5321 §4.1.2 `Domain`), labels 1–63 octets.
    static func validateDomain(_ domain: Substring) throws(MailError) {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !domain.isEmpty && domain.utf8.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.utf8.allSatisfy(isLDHOctet)
        }
        guard valid else { throw MailError(.invalidDomain, "\"\(domain)\" is not a domain name") }
    }
}
