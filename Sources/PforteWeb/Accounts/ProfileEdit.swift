import PforteCore

/// Turns the posted profile form into changes: only fields that differ from the stored profile
/// and are not locked, each validated by Core's types. Problems are collected by field name.
struct ProfileEdit {
    let submitted: SubmittedForm
    let current: Profile
    let locked: Set<ProfileField>
    private(set) var errors: [(field: String, describe: (MessageCatalog) -> String)] = []

    init(submitted: SubmittedForm, current: Profile, locked: Set<ProfileField>) {
        self.submitted = submitted
        self.current = current
        self.locked = locked
    }

    mutating func changes() -> [ProfileChange] {
        var changes: [ProfileChange] = []
        func add(_ change: ProfileChange?, differs: Bool) {
            if let change, differs, !locked.contains(change.field) { changes.append(change) }
        }
        if !locked.contains(.academicTitle) {
            let title = text("academicTitle", optional: true, AcademicTitle.init)
            add(.academicTitle(title), differs: title != current.academicTitle && !hasError("academicTitle"))
        }
        if !locked.contains(.givenNames), let name = text("givenNames", optional: false, PersonName.init) {
            add(.givenNames(name), differs: name != current.givenNames)
        }
        if !locked.contains(.familyName), let name = text("familyName", optional: false, PersonName.init) {
            add(.familyName(name), differs: name != current.familyName)
        }
        if !locked.contains(.dateOfBirth), case .valid(let date) = dateOfBirth() {
            add(.dateOfBirth(date), differs: date != current.dateOfBirth)
        }
        if !locked.contains(.address), case .valid(let address) = address() {
            add(.address(address), differs: address != current.address)
        }
        return changes
    }

    private enum Parsed<Value> {
        case valid(Value?)
        case invalid
    }

    private func hasError(_ field: String) -> Bool {
        errors.contains { $0.field == field }
    }

    private mutating func text<Value>(_ field: String, optional: Bool,
                                      _ make: (String) throws(TextFieldError) -> Value) -> Value? {
        let raw = submitted[field]
        if optional && raw.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        do {
            return try make(raw)
        } catch {
            errors.append((field, { $0.text(for: .text(error), field: field) }))
            return nil
        }
    }

    /// Day and month are optional (design §4: partial dates, as on some ID documents); all three
    /// empty removes the date.
    private mutating func dateOfBirth() -> Parsed<PartialDate> {
        let parts = ["birthDay", "birthMonth", "birthYear"].map { submitted[$0].trimmingCharacters(in: .whitespaces) }
        if parts.allSatisfy(\.isEmpty) { return .valid(nil) }
        var numbers: [Int?] = []
        for (field, part) in zip(["birthDay", "birthMonth", "birthYear"], parts) {
            if part.isEmpty {
                numbers.append(nil)
            } else if let number = Int(part), part.allSatisfy(\.isASCII) {
                numbers.append(number)
            } else {
                errors.append((field, { $0["error.date.notANumber"] }))
                return .invalid
            }
        }
        guard let year = numbers[2] else {
            errors.append(("birthYear", { $0.text(for: .invalidYear) }))
            return .invalid
        }
        do {
            return .valid(try PartialDate(year: year, month: numbers[1], day: numbers[0]))
        } catch {
            let field = switch error {
            case .invalidYear: "birthYear"
            case .invalidMonth: "birthMonth"
            case .invalidDay, .dayWithoutMonth: "birthDay"
            }
            errors.append((field, { $0.text(for: error) }))
            return .invalid
        }
    }

    /// All address fields empty removes the address; the country alone does not count, since
    /// the form fills it in.
    private mutating func address() -> Parsed<PostalAddress> {
        let fields = PostalAddress.Field.allCases.filter { $0 != .countryCode }
        if fields.allSatisfy({ submitted[$0.rawValue].trimmingCharacters(in: .whitespaces).isEmpty }) {
            return .valid(nil)
        }
        do {
            return .valid(try PostalAddress(
                street: submitted["street"], houseNumber: submitted["houseNumber"], postalCode: submitted["postalCode"],
                city: submitted["city"], countryCode: submitted["countryCode"]
            ))
        } catch {
            for field in PostalAddress.Field.allCases {
                for code in error[field] {
                    errors.append((field.rawValue, { $0.text(for: code) }))
                }
            }
            return .invalid
        }
    }
}
