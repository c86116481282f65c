import Foundation
import Hummingbird
import PforteConfiguration

/// The operator's look (`branding.*`), read once at start: the portal's name replaces the
/// catalogues' `site.name`, the logo is served as `/static/logo`, and the main colour is
/// written into the stylesheet (the pages' Content Security Policy allows no inline styles).
struct Branding: Sendable {
    struct Logo: Sendable {
        let body: ByteBuffer
        let contentType: String
    }

    static let maximumLogoBytes = 512 * 1024

    let name: String?
    let logo: Logo?
    let colour: BrandColour

    init(name: String? = nil, logo: Logo? = nil, colour: BrandColour = .standard) {
        self.name = name
        self.logo = logo
        self.colour = colour
    }

    /// Throws ``ConfigurationError`` (reported like a refused setting) for a logo that cannot be read or is no image we serve.
    init(_ configuration: PforteConfig.Branding) throws(ConfigurationError) {
        name = configuration.name.isEmpty ? nil : configuration.name
        colour = configuration.colour
        logo = configuration.logo.isEmpty ? nil : try Self.loadLogo(configuration.logo)
    }

    private static func loadLogo(_ path: String) throws(ConfigurationError) -> Logo {
        let types = ["png": "image/png", "svg": "image/svg+xml", "jpg": "image/jpeg", "jpeg": "image/jpeg"]
        let url = URL(fileURLWithPath: path)
        guard let contentType = types[url.pathExtension.lowercased()] else {
            throw refusal(path, "expected a .png, .svg or .jpg file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw refusal(path, "cannot be read (\(error.localizedDescription))")
        }
        guard !data.isEmpty, data.count <= maximumLogoBytes else {
            throw refusal(path, "must hold 1 byte to 512 KiB, holds \(data.count) bytes")
        }
        return Logo(body: ByteBuffer(data: data), contentType: contentType)
    }

    private static func refusal(_ path: String, _ reason: String) -> ConfigurationError {
        ConfigurationError(key: "branding.logo", source: .combination, reason: "\(path): \(reason)")
    }

    /// The stylesheet with the main colour and its darker hover shade in place of the shipped ones.
    func stylesheet(_ shipped: String) -> String {
        shipped
            .replacingOccurrences(of: "--accent: \(BrandColour.standard);", with: "--accent: \(colour);")
            .replacingOccurrences(of: "--accent-dark: \(BrandColour.standard.scaled(by: 0.72));",
                                  with: "--accent-dark: \(colour.scaled(by: 0.72));")
    }
}
