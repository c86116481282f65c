import Hummingbird

/// A request a page cannot serve, shown to the person as a page of its own with the matching
/// status (rendered by ``PageFailureMiddleware``).
enum PageFailure: Error {
    /// The form's CSRF token is missing or wrong, or it was posted from another site: most
    /// often an old tab whose cookie has since changed, so the page asks to reload.
    case formExpired
    /// The form came back without any of our cookies: the browser blocks them, so the page
    /// says that the Servicekonto needs cookies (seed 003) instead of asking to reload.
    case cookiesMissing
    /// The body is no form our pages send.
    case invalidForm(FormParsingError)
    /// A link from a mail is unknown, used or expired.
    case invalidLink
}
