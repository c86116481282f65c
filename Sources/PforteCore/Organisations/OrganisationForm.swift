/// The organisation form as entered (seed 003), before validation. Empty optional fields mean
/// "not given".
public struct OrganisationForm: Sendable {
    /// The fields, named as on the page, for field-level errors.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case name, legalForm, seat, commercialRegisterNumber
        case street, houseNumber, postalCode, city, countryCode
        case postOfficeBox, email, consent
    }

    public var name: String
    public var legalForm: String
    public var seat: String
    public var commercialRegisterNumber: String
    public var street: String
    public var houseNumber: String
    public var postalCode: String
    public var city: String
    public var countryCode: String
    public var postOfficeBox: String
    public var email: String
    /// The checkbox "Ich habe die Einwilligungserklärung gelesen und akzeptiert" (seed 001 §1):
    /// without it, no organisation is created.
    public var consentsToTerms: Bool

    public init(name: String, legalForm: String, seat: String, commercialRegisterNumber: String = "", street: String,
                houseNumber: String, postalCode: String, city: String, countryCode: String = PostalAddress.germany,
                postOfficeBox: String = "", email: String, consentsToTerms: Bool) {
        self.name = name
        self.legalForm = legalForm
        self.seat = seat
        self.commercialRegisterNumber = commercialRegisterNumber
        self.street = street
        self.houseNumber = houseNumber
        self.postalCode = postalCode
        self.city = city
        self.countryCode = countryCode
        self.postOfficeBox = postOfficeBox
        self.email = email
        self.consentsToTerms = consentsToTerms
    }

    /// The length of the seat allowed, in characters.
    public static let seatLength = 1...100
    static let seatRules = TextRules(length: seatLength)

    /// The profile, or every problem at once by field. A missing consent is reported on
    /// ``Field/consent`` as ``TextFieldError/empty``.
    public func validate() throws(ValidationErrors<Field>) -> OrganisationProfile {
        var errors: [Field: [FieldErrorCode]] = [:]
        func text<Value>(_ field: Field, _ raw: String, optional: Bool = false,
                         _ make: (String) throws(TextFieldError) -> Value) -> Value? {
            if optional && raw.trimmingWhitespace.isEmpty { return nil }
            do {
                return try make(raw)
            } catch {
                errors[field] = [.text(error)]
                return nil
            }
        }
        let name = text(.name, self.name, OrganisationName.init)
        let legalForm = LegalForm(rawValue: self.legalForm)
        if legalForm == nil { errors[.legalForm] = [.text(self.legalForm.isEmpty ? .empty : .invalidFormat)] }
        let seat = text(.seat, self.seat) { raw throws(TextFieldError) in try Self.seatRules.validated(raw.trimmingWhitespace) }
        let register = text(.commercialRegisterNumber, self.commercialRegisterNumber, optional: true, CommercialRegisterNumber.init)
        let box = text(.postOfficeBox, self.postOfficeBox, optional: true, PostOfficeBox.init)
        var address: PostalAddress?
        do {
            address = try PostalAddress(street: street, houseNumber: houseNumber, postalCode: postalCode, city: city,
                                        countryCode: countryCode)
        } catch {
            for (field, codes) in error.codes {
                if let own = Field(rawValue: field.rawValue) { errors[own] = codes }
            }
        }
        var email: EmailAddress?
        do {
            email = try EmailAddress(self.email.trimmingWhitespace)
        } catch {
            errors[.email] = [.email(error)]
        }
        if !consentsToTerms { errors[.consent] = [.text(.empty)] }
        guard errors.isEmpty, let name, let legalForm, let seat, let address, let email else {
            throw ValidationErrors(codes: errors)
        }
        return OrganisationProfile(name: name, legalForm: legalForm, seat: seat, commercialRegisterNumber: register,
                                   address: address, postOfficeBox: box, email: email)
    }
}
