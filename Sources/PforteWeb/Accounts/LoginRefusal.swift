import Hummingbird
import PforteAccounts

/// How a refused password check is shown: the password login and the eID link form (which
/// confirms the account by password) word it alike and never say whether the address exists.
enum LoginRefusal {
    static func describe(_ code: AccountError.Code, texts: MessageCatalog) -> (message: String, status: HTTPResponse.Status) {
        switch code {
        case .throttled(let retryAfter): (texts.throttled(retryAfter: retryAfter), .tooManyRequests)
        case .attemptsExhausted: (texts["error.attemptsExhausted"], .tooManyRequests)
        case .notActivated: (texts["error.login.notActivated"], .badRequest)
        default: (texts["error.login.invalidCredentials"], .badRequest)
        }
    }
}
