import Foundation
import PforteCore

/// The `application/x-www-form-urlencoded` bodies of every posted page and OAuth request (and
/// the query of `/logout`), decoded from bytes as `SubmittedForm.read` does.
enum FormTarget {
    static let formBody = FuzzTarget(name: "form-body", run: { data in
        _ = try? URLEncodedForm.parse(String(decoding: data, as: UTF8.self))
    }, seeds: {
        [
            "login": Data("csrf=abc123&email=erika%40example.de&password=Geheim+123%21&continue=%2Fauthorize%3Fx%3D1".utf8),
            "token": Data("""
            grant_type=authorization_code&code=c-1&redirect_uri=https%3A%2F%2Fportal.example.de%2Fcallback&\
            code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&client_assertion_type=\
            urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=eyJ.eyJ.sig
            """.utf8),
            "registration": Data("""
            csrf=t&email=a%40b.de&password=x&password_repeat=x&given_name=Erika&family_name=M%C3%BCller&\
            birth_date=1964-08-12&street=Heidestra%C3%9Fe+17&postal_code=51147&city=K%C3%B6ln&consent=on
            """.utf8),
        ]
    })
}
