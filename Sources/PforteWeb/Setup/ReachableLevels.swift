import PforteCore

/// The trust levels a login at this installation can reach (design §3). They decide whether a
/// request for a level is sent to log in or refused at once: the password reaches `normal`, the
/// eID `hoch` (issue #6), and a Land's account whatever the Land asserts (issue #7).
enum ReachableLevels {
    static func levels(eID: Bool, lands: Bool) -> [TrustLevel] {
        if lands { return TrustLevel.allCases }
        return eID ? [.normal, .hoch] : [.normal]
    }
}
