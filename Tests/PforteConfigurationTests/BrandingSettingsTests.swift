import Testing

@testable import PforteConfiguration

/// `branding.*`: the main colour is refused at start unless white button text on it reaches
/// WCAG 2.1 AA's 4.5:1, with an error that says so.
@Suite struct BrandingSettingsTests {
    @Test func theBrandingIsReadFromTheEnvironment() throws {
        let config = try ConfigurationLoader(environment: [
            "PFORTE_BRANDING_NAME": "Amt24 Servicekonto", "PFORTE_BRANDING_COLOUR": "#1D4E89", "PFORTE_PATHS_LEGAL": "/etc/pforte/legal",
        ]).load(file: nil)
        #expect(config.branding.name == "Amt24 Servicekonto")
        #expect(config.branding.colour == BrandColour(red: 0x1d, green: 0x4e, blue: 0x89))
        #expect(config.paths.legal == "/etc/pforte/legal")
        #expect(try ConfigurationLoader(environment: [:]).load(file: nil).branding.colour == .standard)
    }

    @Test(arguments: ["#ffcc00", "#777777", "#0a0"])
    func aColourTooLightForWhiteTextIsRefused(_ colour: String) throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: ["PFORTE_BRANDING_COLOUR": colour]).load(file: nil)
        }
        #expect(error?.key == "branding.colour")
        #expect(error?.description.contains("4.5:1") == true)
        #expect(error?.description.contains("WCAG 2.1 AA") == true)
    }

    @Test(arguments: ["blue", "#12345", "#gggggg", "00507a"])
    func aColourThatIsNoHexColourIsRefused(_ colour: String) throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: ["PFORTE_BRANDING_COLOUR": colour]).load(file: nil)
        }
        #expect(error?.description.contains("#rrggbb") == true)
    }

    @Test func theContrastIsWCAGs() throws {
        #expect(abs(BrandColour(red: 0, green: 0, blue: 0).contrastWithWhite - 21) < 0.01)
        #expect(BrandColour.standard.contrastWithWhite > 8)
        // #767676 is the lightest grey with 4.5:1 on white; #777777 falls just short.
        #expect(try BrandColour(parsing: "#767676").contrastWithWhite >= 4.5)
        #expect(BrandColour(red: 0x77, green: 0x77, blue: 0x77).contrastWithWhite < 4.5)
        #expect(BrandColour.standard.scaled(by: 0.72).description == "#003a58")
    }
}
