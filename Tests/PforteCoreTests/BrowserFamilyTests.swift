import PforteCore
import Testing

@Suite struct BrowserFamilyTests {
    @Test(arguments: [
        ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", BrowserFamily.Browser.firefox, BrowserFamily.OperatingSystem.linux),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", .chrome, .windows),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", .edge, .windows),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", .safari, .macOS),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", .safari, .iOS),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1", .chrome, .iOS),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", .chrome, .android),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/120.0.0.0 Chrome/120.0.0.0 Safari/537.36", .chromium, .linux),
        ("curl/8.5.0", .other, .other),
        ("", .other, .other),
    ])
    func knownHeadersNameTheirFamily(_ header: String, _ browser: BrowserFamily.Browser, _ system: BrowserFamily.OperatingSystem) {
        let family = BrowserFamily(userAgent: header)
        #expect(family == BrowserFamily(browser: browser, operatingSystem: system))
        #expect(BrowserFamily(storedValue: family.storedValue) == family)
    }

    @Test func aMissingHeaderIsUnknown() {
        #expect(BrowserFamily(userAgent: nil) == .unknown)
    }

    @Test func hostileHeadersAreUnknownOrCutWithoutFailing() {
        let long = String(repeating: "A", count: 1_000_000) + " Firefox/133.0"
        #expect(BrowserFamily(userAgent: long) == .unknown, "a product token past the inspected length is not looked for")
        #expect(BrowserFamily(userAgent: "Firefox/1\u{0}\r\nX-Injected: 1").browser == .firefox)
        #expect(BrowserFamily(userAgent: "\u{7}\u{1B}[31m\u{FFFF}").storedValue == "other/other")
        // A cut in the middle of a multi-byte character leaves no broken text behind.
        let multibyte = String(repeating: "ä", count: BrowserFamily.inspectedLength)
        #expect(BrowserFamily(userAgent: multibyte) == .unknown)
    }

    @Test func unreadableStoredValuesAreUnknown() {
        for stored in ["", "firefox", "netscape/beos", "/", "firefox/linux/extra"] {
            let family = BrowserFamily(storedValue: stored)
            #expect(family.storedValue.split(separator: "/").count == 2, "\(stored)")
        }
        #expect(BrowserFamily(storedValue: "firefox") == BrowserFamily(browser: .firefox, operatingSystem: .other))
        #expect(BrowserFamily(storedValue: "") == .unknown)
    }
}
