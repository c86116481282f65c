import PforteXML

/// `dss:Result` (OASIS DSS core §2.6) as TR-03130 uses it: `ResultMajor` ok or error, and for
/// errors a `ResultMinor` naming the reason.
package struct EIDResult: Sendable, Hashable {
    static let majorOK = "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#ok"
    static let majorError = "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#error"

    /// `nil` for ok.
    package let minor: String?
    package let message: String?

    package static let ok = EIDResult(minor: nil, message: nil)

    /// A server's error result; a code no result-minor URI stands for (one Pforte detects
    /// itself, such as a malformed message) is reported as `common#schemaViolation`.
    package static func error(_ code: EIDError.Code, message: String? = nil) -> EIDResult {
        EIDResult(minor: ResultMinor.uri(for: code) ?? ResultMinor.prefix + "common#schemaViolation", message: message)
    }

    package init(minor: String?, message: String?) {
        self.minor = minor
        self.message = message
    }

    package var xml: String {
        let minorXML = minor.map { "<dss:ResultMinor>\(XMLText.escaped($0))</dss:ResultMinor>" } ?? ""
        let messageXML = message.map { "<dss:ResultMessage xml:lang=\"en\">\(XMLText.escaped($0))</dss:ResultMessage>" } ?? ""
        return """
        <dss:Result xmlns:dss="\(EIDNamespace.dss)"><dss:ResultMajor>\(minor == nil ? Self.majorOK : Self.majorError)</dss:ResultMajor>\
        \(minorXML)\(messageXML)</dss:Result>
        """
    }

    /// Reads the `dss:Result` child of a response.
    init(in response: XMLElement) throws(EIDError) {
        let result = try response.requiredChild("Result", in: EIDNamespace.dss)
        let major = try result.requiredChild("ResultMajor", in: EIDNamespace.dss).trimmedText
        let minor = try result.optionalChild("ResultMinor", in: EIDNamespace.dss)?.trimmedText
        message = try result.optionalChild("ResultMessage", in: EIDNamespace.dss)?.trimmedText
        switch major {
        case Self.majorOK: self.minor = nil
        case Self.majorError: self.minor = minor ?? ""
        default: throw EIDError(.malformedResponse, debugReason: "ResultMajor \(major)")
        }
    }

    /// Throws the error the result reports; returns for ok.
    func check() throws(EIDError) {
        guard let minor else { return }
        throw EIDError(ResultMinor.code(for: minor), debugReason: [minor, message].compactMap { $0 }.joined(separator: ": "))
    }
}

/// The result-minor URIs of TR-03130 Part 1 and the eCard-API cancel code.
enum ResultMinor {
    static let prefix = "http://www.bsi.bund.de/eid/server/2.0/resultminor/"
    static let cancellationByUser = "http://www.bsi.bund.de/ecard/api/1.1/resultminor/sal#cancellationByUser"

    private static let codes: [EIDError.Code: String] = [
        .internalError: prefix + "common#internalError",
        .schemaViolation: prefix + "common#schemaViolation",
        .invalidPSK: prefix + "useID#invalidPSK",
        .tooManyOpenSessions: prefix + "useID#tooManyOpenSessions",
        .missingArgument: prefix + "useID#missingArgument",
        .missingTerminalRights: prefix + "useID#missingTerminalRights",
        .noResultYet: prefix + "getResult#noResultYet",
        .invalidSession: prefix + "getResult#invalidSession",
        .invalidCounter: prefix + "getResult#invalidCounter",
        .deniedDocument: prefix + "getResult#deniedDocument",
        .invalidDocument: prefix + "getResult#invalidDocument",
        .cancelledByUser: cancellationByUser,
    ]
    private static let uris = Dictionary(uniqueKeysWithValues: codes.map { ($1, $0) })

    static func uri(for code: EIDError.Code) -> String? { codes[code] }

    static func code(for uri: String) -> EIDError.Code { uris[uri] ?? .unknownResultMinor }
}
