import Foundation

/// Times are stored as whole Unix seconds (`BIGINT`) so that SQLite and PostgreSQL compare them
/// the same way; sub-second precision is dropped on the way in.
extension Date {
    var unixSeconds: Int64 { Int64(timeIntervalSince1970.rounded(.down)) }

    init(unixSeconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(unixSeconds))
    }
}

extension TimeInterval {
    /// A duration in whole seconds, rounded up so that a lifetime is never cut short.
    var wholeSeconds: Int64 { Int64(rounded(.up)) }
}
