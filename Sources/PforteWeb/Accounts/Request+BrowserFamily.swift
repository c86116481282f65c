import Hummingbird
import PforteCore

extension Request {
    /// The family of the browser sending the request, for the account's security view; the
    /// User-Agent header itself is not kept.
    var browserFamily: BrowserFamily {
        BrowserFamily(userAgent: headers[.userAgent])
    }
}
