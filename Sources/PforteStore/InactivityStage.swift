public import Foundation

/// Where an unused account is on its way to deletion (seed 000 §2.5: "nach einer vorangehenden
/// Ankündigung"): which accounts ``AccountStore/unusedAccounts(usedBefore:stage:limit:)``
/// returns.
public enum InactivityStage: Sendable, Equatable {
    /// Not told yet.
    case noNotice
    /// Told before the date, not reminded yet.
    case noticeSentBefore(Date)
    /// Told before the first date and reminded before the second: due for deletion.
    case remindedBefore(notice: Date, reminder: Date)
}
