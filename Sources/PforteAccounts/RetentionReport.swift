/// What one run of the retention jobs removed, for the operator's log.
public struct RetentionReport: Sendable, Equatable {
    /// Registrations not activated in time (design §4: 24 hours).
    public let unactivatedAccounts: Int
    /// Sessions past their idle timeout or absolute lifetime.
    public let sessions: Int
    /// Login history entries older than 90 days (the security view, issue #18).
    public let loginEvents: Int
    /// Expired activation, reset and e-mail-change links.
    public let mailTokens: Int
    /// Throttle counters whose window has passed.
    public let throttleCounters: Int
    /// Steps of the eID flow nobody came back for (issue 6: 15 minutes).
    public let eIDSteps: Int
    /// Invitations to organisations not accepted in time.
    public let invitations: Int
    /// Organisations whose yearly membership report went to the admins (entries then deleted).
    public let organisationAuditReports: Int
    /// Organisations whose admins were told of the coming inactivity deletion.
    public let organisationDeletionNotices: Int
    /// Organisations deleted after 3 years without use and a notice.
    public let deletedOrganisations: Int
    /// Accounts unused for the inactivity period whose owner was told of the coming deletion.
    public let inactivityNotices: Int
    /// Reminders of that notice.
    public let inactivityReminders: Int
    /// Accounts deleted after the inactivity period, the notice and the reminder.
    public let deletedInactiveAccounts: Int
    /// Records of mail sent or given up more than ``mailRecordRetention`` ago.
    public let mailRecords: Int

    /// How long the outbox keeps the record of a sent (content erased) or failed message: long
    /// enough to answer "did my activation mail go out?" at the service desk.
    public static let mailRecordRetention: Double = 30 * 24 * 60 * 60
}
