/// The data of an organisation (seed 003, "Welche Organisationsdaten sind erforderlich?"):
/// what the creating admin enters, what members see, and what may be released to online
/// services (seed 001 c bb). Sealed at rest under the organisation's key pair (design §6),
/// except the name, which mails must carry (see `OrganisationRecord` in PforteStore).
public struct OrganisationProfile: Sendable, Hashable {
    public var name: OrganisationName
    public var legalForm: LegalForm
    /// The registered seat (Sitz), a city.
    public var seat: String
    public var commercialRegisterNumber: CommercialRegisterNumber?
    public var address: PostalAddress
    /// When present, the preferred postal address (seed 003).
    public var postOfficeBox: PostOfficeBox?
    /// Where Pforte writes to the organisation; seed 001 d bb recommends a shared mailbox.
    public var email: EmailAddress

    public init(name: OrganisationName, legalForm: LegalForm, seat: String, commercialRegisterNumber: CommercialRegisterNumber?,
                address: PostalAddress, postOfficeBox: PostOfficeBox?, email: EmailAddress) {
        self.name = name
        self.legalForm = legalForm
        self.seat = seat
        self.commercialRegisterNumber = commercialRegisterNumber
        self.address = address
        self.postOfficeBox = postOfficeBox
        self.email = email
    }
}
