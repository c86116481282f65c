/// Why a free-text field (name, title, secret question and answer, address parts) was refused.
///
/// A field reports its first problem, in the order of the cases. The field's own type documents
/// its limits, so the web layer can phrase `tooShort`, `tooLong` and `invalidFormat` for it.
public enum TextFieldError: String, Error, Sendable, CaseIterable {
    /// Nothing but whitespace was entered in a required field.
    case empty
    /// A control character such as a tab, a line break inside a one-line field, or NUL.
    case controlCharacter
    /// `<` or `>`. The seed refuses them in every field it describes (e-mail, password,
    /// organisation name, seed 003); Pforte does the same for every displayed text, so no stored
    /// value can carry markup into pages, mails or SAML attributes.
    case angleBracket
    /// Fewer characters than the field needs.
    case tooShort
    /// More characters than the field allows.
    case tooLong
    /// Not in the form the field requires, such as a German postal code that is not five digits.
    case invalidFormat
}
