import Foundation

/// `application/x-www-form-urlencoded` (WHATWG URL §5.1): the body of every posted form and
/// OAuth request, and the query of `/logout`.
///
/// Each name may appear once: a repeated field is no form Pforte renders, and RFC 6749 §3.2
/// forbids repeated parameters; accepting one would leave open which value the checks saw.
public enum URLEncodedForm {
    public static func parse(_ body: String) throws(URLEncodedFormError) -> [String: String] {
        var values: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decode(parts[0])
            let value = parts.count == 2 ? try decode(parts[1]) : ""
            guard values[name] == nil else { throw .repeatedField(name) }
            values[name] = value
        }
        return values
    }

    private static func decode(_ component: Substring) throws(URLEncodedFormError) -> String {
        let spaced = component.replacingOccurrences(of: "+", with: " ")
        guard let decoded = spaced.removingPercentEncoding else { throw .invalidEncoding }
        return decoded
    }
}

/// Why a body is no form Pforte accepts.
public enum URLEncodedFormError: Error, Equatable {
    case invalidEncoding
    case repeatedField(String)
}
