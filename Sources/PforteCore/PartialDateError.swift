/// Why year, month and day do not make a ``PartialDate``.
public enum PartialDateError: String, Error, Sendable, CaseIterable {
    /// A year outside 1000–9999 (four digits, as dates are written and exchanged).
    case invalidYear
    /// A month outside 1–12.
    case invalidMonth
    /// A day that the month does not have (leap years counted).
    case invalidDay
    /// A day without a month: it would mean nothing.
    case dayWithoutMonth
}
