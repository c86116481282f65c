public import PforteCore

/// The paths of the pages that links in mails open, below the public base URL. The web layer
/// routes these same constants, so mails and routes cannot drift apart.
///
/// Every link carries its token as the query parameter `token`; tokens are base64url and need
/// no escaping.
public enum AccountLinkPath {
    /// The registration form; linked without a token.
    public static let registration = "/register"
    /// Confirms a registration (design §4: valid 24 h).
    public static let activation = "/activate"
    /// The "forgot password" form, where a reset link is requested; linked without a token.
    public static let forgotPassword = "/forgot-password"
    /// The page a reset link opens: shows the secret question (design §4).
    public static let passwordReset = "/password-reset"
    /// Lifts the account's ceiling of failed attempts (issue #18).
    public static let unlock = "/unlock"
    /// Confirms a new e-mail address (design §4).
    public static let emailChange = "/email-change"
    /// Opens an invitation to an organisation (valid 24 h, seed 003).
    public static let organisationInvitation = "/organisations/invitation"
    /// The organisations of the signed-in account; an organisation's page is below it.
    public static let organisations = "/organisations"
    /// The documents of the terms versions (issue #19 item 1); `/terms/<kind>/<version>`.
    public static let termsDocuments = "/terms"
    /// Where a citizen accepts a version that took effect since the last login.
    public static let termsAcceptance = "/terms/accept"

    /// The page of one version's documents.
    public static func terms(_ version: TermsVersion) -> String {
        "\(termsDocuments)/\(version.kind.rawValue)/\(version.id)"
    }
}
