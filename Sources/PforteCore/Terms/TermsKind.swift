/// Which declaration a terms version belongs to: the citizen's terms of use and privacy
/// statement (seed 000), or the organisation account's consent declaration, asked of its
/// administrators (seed 001, "Einwilligungserklärung").
public enum TermsKind: String, Sendable, Hashable, CaseIterable {
    case citizen
    case organisation
}
