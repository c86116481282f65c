import Synchronization

/// Holds every waiter until it is opened, whatever cancellation says; waiters after that pass
/// at once.
final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func passed() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }

    func open() {
        for waiter in state.withLock({ state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }) { waiter.resume() }
    }
}
