import PforteCore

/// The dates of `PersonalData`: `GeneralDateType/DateString` (`yyyymmdd`, spaces for what the
/// document does not state) and `xs:date` (`DateOfExpiry`, `DateValue`).
enum EIDDate {
    /// `19640812` → 1964-08-12, `196408  ` → 1964-08, `1964    ` → 1964.
    static func parseDateString(_ text: String) throws(EIDError) -> PartialDate {
        let characters = Array(text)
        guard characters.count == 8, let year = Int(String(characters[0..<4])) else {
            throw EIDError(.malformedResponse, debugReason: "DateString \(text)")
        }
        let month = component(characters[4..<6])
        let day = component(characters[6..<8])
        do {
            return try PartialDate(year: year, month: month, day: day)
        } catch {
            throw EIDError(.malformedResponse, debugReason: "DateString \(text): \(error)")
        }
    }

    /// `2029-10-31`.
    static func parseDate(_ text: String) throws(EIDError) -> PartialDate {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              let date = try? PartialDate(year: year, month: month, day: day)
        else { throw EIDError(.malformedResponse, debugReason: "date \(text)") }
        return date
    }

    static func dateString(_ date: PartialDate) -> String {
        String(date.year) + [date.month, date.day].map { $0.map(twoDigits) ?? "  " }.joined()
    }

    /// `xs:date`, only for a complete date.
    static func dateValue(_ date: PartialDate) -> String? {
        guard let month = date.month, let day = date.day else { return nil }
        return "\(date.year)-\(twoDigits(month))-\(twoDigits(day))"
    }

    private static func component(_ characters: ArraySlice<Character>) -> Int? {
        Int(String(characters))
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
