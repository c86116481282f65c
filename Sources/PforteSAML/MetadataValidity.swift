public import Foundation
import PforteXML

/// The document element's `validUntil` and `cacheDuration` (SAML metadata §2.3.1, §2.3.2):
/// how long a copy may be used at all, and how long it may be kept before fetching it again.
public struct MetadataValidity: Sendable, Equatable {
    public let validUntil: Date?
    public let cacheDuration: TimeInterval?

    public init(validUntil: Date?, cacheDuration: TimeInterval?) {
        self.validUntil = validUntil
        self.cacheDuration = cacheDuration
    }

    /// - Throws: ``MetadataError`` for a document that does not parse, or a `validUntil` or
    ///   `cacheDuration` that is not a valid `xs:dateTime` / `xs:duration`.
    public static func of(_ data: Data) throws(MetadataError) -> MetadataValidity {
        let root: XMLElement
        do {
            root = try XMLDocument(parsing: data, limits: XMLParsingLimits(maximumBytes: 8 * 1024 * 1024)).root
        } catch {
            throw MetadataError("not well-formed metadata: \(error)")
        }
        var validUntil: Date?
        if let text = root.attribute("validUntil") {
            guard let date = SAMLTime.parse(text) else { throw MetadataError("validUntil \(text) is not an xs:dateTime") }
            validUntil = date
        }
        var cacheDuration: TimeInterval?
        if let text = root.attribute("cacheDuration") {
            guard let seconds = duration(text) else { throw MetadataError("cacheDuration \(text) is not an xs:duration") }
            cacheDuration = seconds
        }
        return MetadataValidity(validUntil: validUntil, cacheDuration: cacheDuration)
    }

    /// An `xs:duration` of days, hours, minutes and seconds (`P1D`, `PT6H`, `PT1H30M`, `PT90S`).
    /// Years and months have no fixed length and are refused; so is a negative duration.
    static func duration(_ text: String) -> TimeInterval? {
        guard let match = text.wholeMatch(of: /P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?/),
              text != "P", text != "PT", !text.hasSuffix("T")
        else { return nil }
        let days = match.1.flatMap { Double($0) } ?? 0
        let hours = match.2.flatMap { Double($0) } ?? 0
        let minutes = match.3.flatMap { Double($0) } ?? 0
        let seconds = match.4.flatMap { Double($0) } ?? 0
        return ((days * 24 + hours) * 60 + minutes) * 60 + seconds
    }
}
