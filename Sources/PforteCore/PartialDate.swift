/// A calendar date whose month, or month and day, may be unknown: a date of birth as the eID
/// delivers it. Identity documents of people whose birth date is not fully known carry only a
/// year, or a year and a month; such a date is still a valid locked profile field (design §4).
///
/// Plain components, no time zone: a date of birth is a date, not an instant.
public struct PartialDate: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) throws(PartialDateError) {
        guard (1000...9999).contains(year) else { throw .invalidYear }
        if let month, !(1...12).contains(month) { throw .invalidMonth }
        if let day {
            guard let month else { throw .dayWithoutMonth }
            guard (1...Self.days(inMonth: month, of: year)).contains(day) else { throw .invalidDay }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// ISO 8601 with the known components only: `1970-03-21`, `1970-03`, `1970`. The full and
    /// the year-only forms are what OIDC's `birthdate` claim allows.
    public var description: String {
        let monthAndDay = [month, day].compactMap { $0 }.map { $0 < 10 ? "-0\($0)" : "-\($0)" }
        return String(year) + monthAndDay.joined()
    }

    private static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func isLeapYear(_ year: Int) -> Bool {
        year.isMultiple(of: 4) && (!year.isMultiple(of: 100) || year.isMultiple(of: 400))
    }
}
