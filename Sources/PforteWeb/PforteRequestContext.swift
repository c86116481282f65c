public import Hummingbird

/// The request context of every Pforte route.
public struct PforteRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Correlates a request's log lines with the `X-Request-Id` the client or proxy sees.
    public var requestID = ""

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}
