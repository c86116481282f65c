/// Limits applied before and while parsing untrusted XML.
///
/// libxml2 adds its own fixed limits (element depth 256, name and text-node sizes) as long as
/// `XML_PARSE_HUGE` is not given, which this module never does.
public struct XMLParsingLimits: Sendable, Hashable {
    /// The largest input accepted, checked before a single byte is parsed. Default 1 MiB:
    /// generous for SAML messages and metadata of one entity, and small enough that a flood of
    /// oversized POSTs cannot make the parser the bottleneck.
    public var maximumBytes: Int

    public init(maximumBytes: Int = 1 << 20) {
        precondition(maximumBytes > 0 && maximumBytes <= Int(Int32.max), "maximumBytes out of range")
        self.maximumBytes = maximumBytes
    }

    public static let `default` = XMLParsingLimits()
}
