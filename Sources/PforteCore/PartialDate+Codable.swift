/// A partial date encodes as its ISO 8601 text (`1964-08-12`, `1964-08`, `1964`), so that
/// values such as an eID result kept with a pending login (stored as JSON) read naturally and
/// are validated again when decoded.
extension PartialDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a partial date: \(text)")
        }
        do {
            try self.init(year: parts[0]!, month: parts.count > 1 ? parts[1] : nil, day: parts.count > 2 ? parts[2] : nil)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a partial date: \(text) (\(error))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
