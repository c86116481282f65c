import Foundation
import PforteWeb
import Synchronization

/// A clock the test sets and advances; the application reads it through ``PforteClock``, so
/// idle timeouts and max ages pass without sleeping.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    /// Starts at the current second, so keys and certificates made with the real time are valid.
    init(_ start: Date = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by interval: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(interval) }
    }

    var pforteClock: PforteClock {
        PforteClock { [self] in now }
    }
}
