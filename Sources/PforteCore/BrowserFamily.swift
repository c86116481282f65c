/// The browser and operating system family a User-Agent header names, coarsely: what the
/// citizen's security view shows beside a session or a login ("Firefox on Linux") so that an
/// unknown device stands out. Only this label is stored, never the header itself, which with
/// its version numbers would help to fingerprint the citizen.
///
/// The header is the client's claim and may be anything; the parser only looks for well-known
/// product tokens in its first ``inspectedLength`` bytes and never fails.
public struct BrowserFamily: Sendable, Hashable {
    public enum Browser: String, Sendable, CaseIterable {
        case edge, chrome, chromium, firefox, safari, other
    }

    public enum OperatingSystem: String, Sendable, CaseIterable {
        case windows, macOS = "macos", iOS = "ios", android, linux, other
    }

    public let browser: Browser
    public let operatingSystem: OperatingSystem

    /// Enough for every real User-Agent; a longer header is cut here, not scanned.
    public static let inspectedLength = 512

    public static let unknown = BrowserFamily(browser: .other, operatingSystem: .other)

    public init(browser: Browser, operatingSystem: OperatingSystem) {
        self.browser = browser
        self.operatingSystem = operatingSystem
    }

    /// The family `userAgent` names; ``unknown`` for a missing or unrecognised header.
    public init(userAgent: String?) {
        guard let userAgent else {
            self = .unknown
            return
        }
        let tokens = String(decoding: userAgent.utf8.prefix(Self.inspectedLength), as: UTF8.self)
        browser = Self.browser(in: tokens)
        operatingSystem = Self.operatingSystem(in: tokens)
    }

    /// The stored form, `browser/os` (e.g. `firefox/linux`).
    public var storedValue: String {
        "\(browser.rawValue)/\(operatingSystem.rawValue)"
    }

    /// Reads ``storedValue``; anything else (an empty value of a session older than the
    /// column) is ``unknown``.
    public init(storedValue: String) {
        let parts = storedValue.split(separator: "/", maxSplits: 1).map(String.init)
        self.init(browser: parts.first.flatMap(Browser.init(rawValue:)) ?? .other,
                  operatingSystem: parts.count == 2 ? OperatingSystem(rawValue: parts[1]) ?? .other : .other)
    }

    /// Order matters: Edge's header also names Chrome and Safari, Chrome's names Safari, and
    /// Chromium's names Chrome (see the browsers' documented User-Agent strings).
    private static func browser(in header: String) -> Browser {
        if header.contains("Edg/") || header.contains("EdgA/") || header.contains("EdgiOS/") { return .edge }
        if header.contains("Firefox/") || header.contains("FxiOS/") { return .firefox }
        if header.contains("Chromium/") { return .chromium }
        if header.contains("Chrome/") || header.contains("CriOS/") { return .chrome }
        if header.contains("Safari/") && header.contains("Version/") { return .safari }
        return .other
    }

    private static func operatingSystem(in header: String) -> OperatingSystem {
        if header.contains("Android") { return .android }
        if header.contains("iPhone") || header.contains("iPad") { return .iOS }
        if header.contains("Windows") { return .windows }
        if header.contains("Macintosh") || header.contains("Mac OS X") { return .macOS }
        if header.contains("Linux") || header.contains("X11") || header.contains("CrOS") { return .linux }
        return .other
    }
}
