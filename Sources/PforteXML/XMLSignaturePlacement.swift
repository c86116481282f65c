/// Where ``XMLDocument/sign(element:key:placement:)`` puts the `ds:Signature` element inside
/// the element it signs.
public enum XMLSignaturePlacement {
    /// As the first child (e.g. metadata's `EntityDescriptor`, SAML metadata §3.1.1).
    case firstChild
    /// Right after this child; SAML core §3.2.1 and §2.3.3 place `ds:Signature` right after
    /// `saml:Issuer` in requests, responses and assertions.
    case after(XMLElement)
}
