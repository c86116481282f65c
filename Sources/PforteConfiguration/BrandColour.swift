import Foundation

/// The operator's main colour (`branding.colour`): links, the header's rule and the buttons,
/// whose labels are white. Accepted only when white text on it reaches the contrast WCAG 2.1 AA
/// asks of normal text (success criterion 1.4.3: 4.5:1), so no brand makes the pages unreadable.
public struct BrandColour: Sendable, Equatable, CustomStringConvertible {
    public static let standard = BrandColour(red: 0x00, green: 0x50, blue: 0x7a)
    /// WCAG 2.1 SC 1.4.3, normal text.
    public static let minimumContrast = 4.5

    public let red: UInt8
    public let green: UInt8
    public let blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `#rrggbb` (or `#rgb`), refused unless white text on it is readable.
    init(parsing text: String) throws(SettingValueError) {
        var hex = text.trimmingCharacters(in: .whitespaces)
        guard hex.hasPrefix("#") else {
            throw SettingValueError(reason: "expected a colour as #rrggbb, got \"\(text)\"")
        }
        hex.removeFirst()
        if hex.count == 3 { hex = hex.map { "\($0)\($0)" }.joined() }
        guard hex.count == 6, hex.allSatisfy(\.isHexDigit), let value = UInt32(hex, radix: 16) else {
            throw SettingValueError(reason: "expected a colour as #rrggbb, got \"\(text)\"")
        }
        self.init(red: UInt8(value >> 16 & 0xff), green: UInt8(value >> 8 & 0xff), blue: UInt8(value & 0xff))
        let ratio = contrastWithWhite
        guard ratio >= Self.minimumContrast else {
            let shown = (ratio * 100).rounded(.down) / 100
            throw SettingValueError(reason: "white text on \(description) has a contrast of \(shown):1, below the 4.5:1 WCAG 2.1 AA requires; choose a darker colour")
        }
    }

    public var description: String {
        "#" + [red, green, blue].map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// The colour with every channel scaled by `factor` (< 1: darker), for hover states; darker
    /// than an accepted colour keeps the contrast with white.
    public func scaled(by factor: Double) -> BrandColour {
        func scale(_ channel: UInt8) -> UInt8 { UInt8((Double(channel) * factor).rounded()) }
        return BrandColour(red: scale(red), green: scale(green), blue: scale(blue))
    }

    /// (L(white) + 0.05) / (L(colour) + 0.05), WCAG 2.1's contrast ratio with relative luminance.
    public var contrastWithWhite: Double {
        1.05 / (relativeLuminance + 0.05)
    }

    var relativeLuminance: Double {
        func linear(_ channel: UInt8) -> Double {
            let value = Double(channel) / 255
            return value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }
}
