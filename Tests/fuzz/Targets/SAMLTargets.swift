import Foundation
@testable import PforteSAML

/// The SAML endpoints' parsers: the HTTP-Redirect query string, its DEFLATE stream, and the
/// messages themselves in both bindings.
enum SAMLTargets {
    static let limit = SAMLFixtures.policy.maximumMessageBytes

    /// The raw query string of `GET /saml/sso` and `/saml/slo`.
    static let query = FuzzTarget(name: "saml-query", run: { data in
        let query = String(decoding: data, as: UTF8.self)
        for parameter in [RedirectBinding.Parameter.request, .response] {
            if let message = try? RedirectBinding.decode(rawQuery: query, expecting: parameter, limit: limit) {
                SAMLFixtures.validate(message)
            }
        }
    }, seeds: {
        try SAMLFixtures.messages.mapValues { xml in
            Data(try SAMLFixtures.redirectQuery(Data(xml.utf8), as: SAMLFixtures.parameter(of: Data(xml.utf8))).utf8)
        }
    })

    /// The raw DEFLATE stream of the Redirect binding (bombs, truncated and corrupt streams).
    static let deflate = FuzzTarget(name: "deflate", run: { data in
        let query = "SAMLRequest=" + RedirectBinding.formEncoded(data.base64EncodedString())
        if let message = try? RedirectBinding.decode(rawQuery: query, expecting: .request, limit: limit) {
            SAMLFixtures.validate(message)
        }
    }, seeds: {
        var seeds = SAMLFixtures.messages.mapValues { RawDeflate.compress(Data($0.utf8)) }
        // A few hundred bytes that inflate to four times the limit.
        seeds["bomb"] = RawDeflate.compress(Data(repeating: UInt8(ascii: " "), count: 4 * limit))
        return seeds
    })

    /// A message as XML, posted in the HTTP-POST binding (unsigned, or with whatever signature
    /// the input carries) and also sent signed in the Redirect binding, so the checks behind
    /// the signature of logout messages see mutated content too.
    static let post = FuzzTarget(name: "saml-post", run: { data in
        let fields = ["SAMLRequest": data.base64EncodedString(), "RelayState": "state"]
        if let message = try? PostBinding.decode(fields: fields, expecting: .request, limit: limit) {
            SAMLFixtures.validate(message)
        }
        let parameter = SAMLFixtures.parameter(of: data)
        if let query = try? SAMLFixtures.redirectQuery(data, as: parameter),
           let message = try? RedirectBinding.decode(rawQuery: query, expecting: parameter, limit: limit) {
            SAMLFixtures.validate(message)
        }
    }, seeds: {
        var seeds = SAMLFixtures.messages.mapValues { Data($0.utf8) }
        for (name, xml) in SAMLFixtures.messages {
            seeds[name + "-signed"] = try SAMLFixtures.signedEnveloped(xml)
        }
        return seeds
    })
}
