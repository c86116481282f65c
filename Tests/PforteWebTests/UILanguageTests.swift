import Testing

@testable import PforteWeb

@Suite struct UILanguageTests {
    @Test(arguments: [
        ("", UILanguage.de),
        ("en", .en),
        ("en-US,en;q=0.9", .en),
        ("fr, en;q=0.5, de;q=0.7", .de),
        ("fr, it", .de),
        ("de;q=0, en;q=0.1", .en),
        ("EN-gb", .en),
        ("en;q=abc", .en),
    ])
    func acceptLanguageIsNegotiated(_ header: String, _ expected: UILanguage) {
        #expect(UILanguage.fromAcceptLanguage(header) == expected)
    }
}
