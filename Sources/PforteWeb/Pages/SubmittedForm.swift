import Foundation
import Hummingbird
import PforteCore

/// A posted HTML form (`application/x-www-form-urlencoded`, parsed by ``URLEncodedForm``).
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
        do {
            values = try URLEncodedForm.parse(body)
        } catch {
            switch error {
            case .invalidEncoding: throw .invalidEncoding
            case .repeatedField(let name): throw .repeatedField(name)
            }
        }
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
}

/// Why a posted body is no form we accept. The page says "invalid request"; the log says which.
enum FormParsingError: Error, Equatable {
    case unsupportedContentType
    case tooLarge
    case invalidEncoding
    case repeatedField(String)
}
