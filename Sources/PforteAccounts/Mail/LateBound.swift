import Synchronization

/// A value bound once after construction, for two parts that refer to each other (the mail
/// sender and the services whose queueing calls it).
final class LateBound<Value: Sendable>: Sendable {
    private let storage = Mutex<Value?>(nil)

    var value: Value? { storage.withLock { $0 } }

    func bind(_ value: Value) {
        storage.withLock { $0 = value }
    }
}
