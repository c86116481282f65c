/// A message is stored in the outbox until it is delivered, so it must survive encoding.
/// Decoding goes through the checking initialisers: a stored message that was tampered with
/// into carrying a header injection is refused, not rendered.
extension MailMessage: Codable {
    private enum CodingKeys: String, CodingKey {
        case from, to, replyTo = "reply_to", subject, body, headers
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            from: try container.decode(MailAddress.self, forKey: .from),
            to: try container.decode([MailAddress].self, forKey: .to),
            subject: try container.decode(String.self, forKey: .subject),
            body: try container.decode(String.self, forKey: .body),
            replyTo: try container.decodeIfPresent(MailAddress.self, forKey: .replyTo),
            headers: try container.decode([MailHeader].self, forKey: .headers)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encodeIfPresent(replyTo, forKey: .replyTo)
        try container.encode(subject, forKey: .subject)
        try container.encode(body, forKey: .body)
        try container.encode(headers, forKey: .headers)
    }
}

extension MailAddress: Codable {
    private enum CodingKeys: String, CodingKey {
        case address, displayName = "display_name"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(try container.decode(String.self, forKey: .address),
                      displayName: try container.decodeIfPresent(String.self, forKey: .displayName))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        try container.encodeIfPresent(displayName, forKey: .displayName)
    }
}

extension MailHeader: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(try container.decode(String.self, forKey: .name), try container.decode(String.self, forKey: .value))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value, forKey: .value)
    }
}
