public import Foundation
public import PforteCore
public import PforteCrypto
public import PforteMail

/// The settings of the account flows. Each default is the one design §4 or the issue names.
public struct AccountServicesConfiguration: Sendable {
    /// Idle timeout and absolute lifetime of a login session (design §4: 20 minutes, 12 hours).
    public var sessionLifetime: SessionLifetime
    /// How long an authentication keeps each level above `normal` (issue #15: one hour each).
    public var levelMaxAges: LevelMaxAges
    /// Growing delays after wrong passwords or secret answers, counted per account and client
    /// address: guesses from elsewhere never delay the owner.
    public var accountThrottle: ThrottlePolicy
    /// Growing delays counted per client address. An office behind one NAT address collects
    /// many people's typos: give this more free failures rather than a shorter window
    /// (see ``ThrottlePolicy``).
    public var addressThrottle: ThrottlePolicy
    /// Consecutive wrong passwords (and, apart, wrong secret answers) of an account from
    /// anywhere after which none is checked until the owner unlocks the account by the mailed
    /// link, a password reset or an eID login (NIST SP 800-63B §5.2.2: at most 100).
    public var failureCeiling: Int
    /// Cost of password hashes and of the key derivations that wrap the data key (design §6).
    /// Both use the same parameters, so neither is the cheaper target for a guesser.
    public var argon2: Argon2Parameters
    /// How long an activation link is valid, and how long an unactivated registration is kept
    /// (design §4: 24 hours).
    public var activationValidity: TimeInterval
    /// How long a password-reset link is valid: one hour is enough to read the mail and short
    /// enough that a mailbox read later is no way in.
    public var passwordResetValidity: TimeInterval
    /// How long the confirmation link for a new e-mail address is valid (24 hours, as for
    /// activation: the new mailbox may not be read at once).
    public var emailChangeValidity: TimeInterval
    /// How long an invitation to an organisation is valid (seed 003: 24 hours).
    public var invitationValidity: TimeInterval
    /// Unused organisations are deleted after this (design §4, seed 001 3 e: 3 years).
    public var organisationInactivity: TimeInterval
    /// How long before that deletion the admins are told, so they can stop it by using the
    /// organisation (seed 001 3 e: "nach einer vorangehenden Ankündigung").
    public var organisationDeletionNotice: TimeInterval
    /// Accounts unused this long are deleted (seed 000 §2.5: 36 months).
    public var accountInactivity: TimeInterval
    /// How long before that deletion the owner is told, so that a login can stop it (seed 000
    /// §2.5: "nach einer vorangehenden Ankündigung").
    public var accountDeletionNotice: TimeInterval
    /// How long before the deletion the reminder of that notice goes out; shorter than the notice.
    public var accountDeletionReminder: TimeInterval
    /// How often the membership audit goes to the admins and is then deleted (seed 001 3 b aa:
    /// yearly).
    public var organisationAuditInterval: TimeInterval
    /// The public URL of Pforte, e.g. `https://konto.example.de`; links in mails start with it.
    public var publicBaseURL: URL
    /// The sender of every mail, e.g. `Servicekonto <no-reply@konto.example.de>`.
    public var sender: MailAddress
    /// Retries of mail the relay did not take, and when to give up.
    public var mailDelivery: MailDeliveryPolicy
    /// The versions of the terms and of the organisation consent (issue #19 item 1).
    public var terms: TermsCatalog
    /// How long before a new version takes effect every account is told of it (seed 000 §5).
    public var termsAnnouncementLead: TimeInterval

    public init(
        publicBaseURL: URL,
        sender: MailAddress,
        sessionLifetime: SessionLifetime = .default,
        levelMaxAges: LevelMaxAges = .default,
        accountThrottle: ThrottlePolicy = .default,
        addressThrottle: ThrottlePolicy = .default,
        argon2: Argon2Parameters = .default,
        activationValidity: TimeInterval = 24 * 60 * 60,
        passwordResetValidity: TimeInterval = 60 * 60,
        emailChangeValidity: TimeInterval = 24 * 60 * 60,
        invitationValidity: TimeInterval = 24 * 60 * 60,
        organisationInactivity: TimeInterval = 3 * 365 * 24 * 60 * 60,
        organisationDeletionNotice: TimeInterval = 30 * 24 * 60 * 60,
        organisationAuditInterval: TimeInterval = 365 * 24 * 60 * 60,
        accountInactivity: TimeInterval = 1096 * 24 * 60 * 60,
        accountDeletionNotice: TimeInterval = 60 * 24 * 60 * 60,
        accountDeletionReminder: TimeInterval = 14 * 24 * 60 * 60,
        failureCeiling: Int = 100,
        mailDelivery: MailDeliveryPolicy = .default,
        terms: TermsCatalog = .placeholder,
        termsAnnouncementLead: TimeInterval = 42 * 24 * 60 * 60
    ) {
        self.terms = terms
        self.termsAnnouncementLead = termsAnnouncementLead
        self.mailDelivery = mailDelivery
        self.accountInactivity = accountInactivity
        self.accountDeletionNotice = accountDeletionNotice
        self.accountDeletionReminder = accountDeletionReminder
        self.failureCeiling = failureCeiling
        self.publicBaseURL = publicBaseURL
        self.sender = sender
        self.sessionLifetime = sessionLifetime
        self.levelMaxAges = levelMaxAges
        self.accountThrottle = accountThrottle
        self.addressThrottle = addressThrottle
        self.argon2 = argon2
        self.activationValidity = activationValidity
        self.passwordResetValidity = passwordResetValidity
        self.emailChangeValidity = emailChangeValidity
        self.invitationValidity = invitationValidity
        self.organisationInactivity = organisationInactivity
        self.organisationDeletionNotice = organisationDeletionNotice
        self.organisationAuditInterval = organisationAuditInterval
    }
}
