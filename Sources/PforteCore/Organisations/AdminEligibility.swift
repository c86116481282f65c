public import Foundation

/// Only adults can be organisation admins (seed 003: "Die Funktion des Administrators können
/// nur volljährige Personen wahrnehmen").
///
/// Pforte knows a date of birth only when the user entered it or the eID delivered it. When it
/// is known it decides, and a declaration cannot overrule it; when it is unknown the user
/// declares being of age (a checkbox), which the seed's portal also relies on.
public enum AdminEligibility: Sendable, Equatable {
    /// Known to be 18 or older, or declared so.
    case adult
    /// Known to be under 18: may be a member, never an admin.
    case minor
    /// No date of birth and no declaration.
    case declarationRequired

    public static let adultAge = 18

    /// - Parameters:
    ///   - dateOfBirth: from the profile, when known.
    ///   - declaresAdult: the user's declaration, asked only when the date is unknown.
    ///   - today: the calendar date in Germany (the caller converts the clock).
    public static func assess(dateOfBirth: PartialDate?, declaresAdult: Bool, today: PartialDate) -> AdminEligibility {
        guard let dateOfBirth else { return declaresAdult ? .adult : .declarationRequired }
        return isAdult(bornOn: dateOfBirth, today: today) ? .adult : .minor
    }

    /// Whether the 18th birthday has certainly passed: an unknown month or day counts as the
    /// latest one possible (a year-only date is adult from the 1st of January after the year
    /// of the 18th birthday), so nobody under 18 is taken for an adult.
    static func isAdult(bornOn birth: PartialDate, today: PartialDate) -> Bool {
        let month = birth.month ?? 12
        let day = birth.day ?? 31
        let todayMonth = today.month ?? 1
        let todayDay = today.day ?? 1
        let age = today.year - birth.year - ((todayMonth, todayDay) < (month, day) ? 1 : 0)
        return age >= adultAge
    }

    /// The calendar date of `instant` in Germany, for ``assess(dateOfBirth:declaresAdult:today:)``.
    public static func germanDate(of instant: Date) -> PartialDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin") ?? TimeZone(secondsFromGMT: 0)!
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        // Components of a real instant are always a valid date.
        return try! PartialDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }
}
