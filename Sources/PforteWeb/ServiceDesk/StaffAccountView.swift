import PforteAccounts

/// The look-up's values for the `staff-account` template, worded in the page's language.
struct StaffAccountView {
    let texts: MessageCatalog
    let language: UILanguage

    func values(_ overview: AccountOverview) -> [String: Any] {
        let format = SecurityTexts(texts: texts, language: language)
        var status = [texts["staff.status.\(overview.state.rawValue)"]]
        if overview.isEIDVerified { status.append(texts["staff.status.plus"]) }
        if let lock = overview.lock {
            status.append(texts.format("staff.status.locked", ["time": format.time(lock.lockedAt), "reason": lock.reason]))
        }
        let lastLogin = overview.lastLogin.map { login in
            [format.time(login.at), login.method.map(format.method), login.level.map(format.level)].compactMap { $0 }.joined(separator: ", ")
        } ?? texts["staff.status.never"]
        let account: [String: Any] = [
            "id": overview.id, "login": overview.login, "status": status.joined(separator: "; "),
            "created": format.time(overview.createdAt), "lastLogin": lastLogin,
            "sessions": overview.sessions.map { session in
                "\(format.browser(session.browser)): \(format.time(session.startedAt)) – \(format.time(session.lastSeenAt)), "
                    + "\(session.methods.map(format.method).joined(separator: ", ")), \(format.level(session.level))"
            },
            "memberships": overview.memberships.map { "\($0.organisation) (\($0.role))" },
            "consents": overview.consents.map { "\($0.portal) (\(format.time($0.grantedAt)))" },
            "mails": overview.pendingMails.map { "\(format.time($0.queuedAt)): \($0.subject) (\($0.attempts))" },
            "locked": overview.lock != nil,
            "pending": overview.state == .notActivated,
            "active": overview.state == .active,
        ]
        return ["account": account]
    }
}
