public import Foundation

/// The versions of the citizen terms and of the organisation consent (issue #19 item 1), read
/// from the operator's versions file: one line per version, `kind version effective-date
/// document…`, `#` starts a comment. The version in force is the latest whose day has come;
/// a later one is announced in advance and asked for once its day has come (seed 000 §5:
/// changes apply after notice).
public struct TermsCatalog: Sendable, Equatable {
    public let versions: [TermsVersion]

    public init(versions: [TermsVersion]) {
        self.versions = versions.sorted { $0.effectiveFrom < $1.effectiveFrom }
    }

    /// Parses a versions file; every kind must have at least one version.
    public static func parse(_ text: String) throws(TermsCatalogError) -> TermsCatalog {
        var versions: [TermsVersion] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let content = raw.prefix { $0 != "#" }
            let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if fields.isEmpty { continue }
            guard fields.count >= 4 else { throw TermsCatalogError(line: line, .missingFields) }
            guard let kind = TermsKind(rawValue: fields[0]) else { throw TermsCatalogError(line: line, .unknownKind) }
            guard isPlainName(fields[1]) else { throw TermsCatalogError(line: line, .invalidVersion) }
            guard let day = day(fields[2]) else { throw TermsCatalogError(line: line, .invalidDate) }
            let documents = Array(fields[3...])
            guard documents.allSatisfy({ isPlainName($0) && !$0.hasPrefix(".") }) else {
                throw TermsCatalogError(line: line, .invalidDocument)
            }
            let sameKind = versions.filter { $0.kind == kind }
            if sameKind.contains(where: { $0.id == fields[1] }) { throw TermsCatalogError(line: line, .duplicateVersion) }
            if sameKind.contains(where: { $0.effectiveFrom == day }) { throw TermsCatalogError(line: line, .duplicateDate) }
            versions.append(TermsVersion(kind: kind, id: fields[1], effectiveFrom: day, documents: documents))
        }
        for kind in TermsKind.allCases where !versions.contains(where: { $0.kind == kind }) {
            throw TermsCatalogError(line: 0, .noCurrentVersion)
        }
        return TermsCatalog(versions: versions)
    }

    /// The version in force at `instant`; before the first day, the first version (a new
    /// installation's placeholder is in force from the start).
    public func current(_ kind: TermsKind, at instant: Date) -> TermsVersion? {
        let ofKind = versions.filter { $0.kind == kind }
        return ofKind.last { $0.effectiveFrom <= instant } ?? ofKind.first
    }

    /// The versions of `kind` not yet in force at `instant` whose day is at most `lead` ahead:
    /// what the announcement mails tell of.
    public func upcoming(_ kind: TermsKind, at instant: Date, within lead: TimeInterval) -> [TermsVersion] {
        versions.filter { $0.kind == kind && $0.effectiveFrom > instant && $0.effectiveFrom.timeIntervalSince(instant) <= lead }
    }

    public func version(_ kind: TermsKind, id: String) -> TermsVersion? {
        versions.first { $0.kind == kind && $0.id == id }
    }

    private static func isPlainName(_ text: String) -> Bool {
        (1...64).contains(text.count)
            && text.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._-".unicodeScalars.contains($0) }
    }

    /// `YYYY-MM-DD` as that day's start in UTC.
    private static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (try? PartialDate(year: year, month: month, day: day)) != nil
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: month, day: day))
    }
}

extension TermsCatalog {
    /// What an installation without a versions file has: one placeholder version of each kind,
    /// in force from the start, whose documents say that they are placeholders.
    public static let placeholder = TermsCatalog(versions: TermsKind.allCases.map {
        TermsVersion(kind: $0, id: "placeholder", effectiveFrom: Date(timeIntervalSince1970: 0), documents: [])
    })
}
