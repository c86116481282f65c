import Foundation
import Hummingbird

/// A posted HTML form (`application/x-www-form-urlencoded`, WHATWG URL §5.1).
///
/// Each name may appear once: a repeated field is no form our pages render, and accepting it
/// would leave open which value the checks saw.
struct SubmittedForm: Sendable {
    /// Our largest form (registration) is far below this; anything bigger is not ours.
    static let maximumSize = 64 * 1024

    let values: [String: String]

    /// The value of field `name`, or an empty string when the field is missing (a missing and
    /// an empty field are the same to every form here).
    subscript(name: String) -> String {
        values[name] ?? ""
    }

    /// The value of `name`, or `nil` when the form has no such field.
    func optional(_ name: String) -> String? {
        values[name]
    }

    init(values: [String: String]) {
        self.values = values
    }

    init(parsing body: String) throws(FormParsingError) {
        var values: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0])
            let value = parts.count == 2 ? try Self.decode(parts[1]) : ""
            guard values[name] == nil else { throw .repeatedField(name) }
            values[name] = value
        }
        self.values = values
    }

    /// Reads and parses the body of `request`.
    static func read(_ request: Request) async throws -> SubmittedForm {
        guard let type = request.headers[.contentType]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased(),
            type == "application/x-www-form-urlencoded"
        else { throw FormParsingError.unsupportedContentType }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumSize)
        } catch {
            throw FormParsingError.tooLarge
        }
        return try SubmittedForm(parsing: String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    private static func decode(_ component: Substring) throws(FormParsingError) -> String {
        let spaced = component.replacingOccurrences(of: "+", with: " ")
        guard let decoded = spaced.removingPercentEncoding else { throw .invalidEncoding }
        return decoded
    }
}

/// Why a posted body is no form we accept. The page says "invalid request"; the log says which.
enum FormParsingError: Error, Equatable {
    case unsupportedContentType
    case tooLarge
    case invalidEncoding
    case repeatedField(String)
}
