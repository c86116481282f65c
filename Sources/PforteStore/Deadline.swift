import Synchronization

/// Runs `operation` in a task of its own and returns its result, or throws
/// ``StoreError/Code/timedOut`` once `duration` has passed — without waiting for the operation.
///
/// A task group would not do: it awaits every child before it returns, so a call that ignores
/// cancellation (a statement written to a connection that has just died never completes in
/// postgres-nio) would hold the caller for as long as it hangs. Here the loser is cancelled and
/// left behind; whatever it holds must be released by its own deadline (see ``SQLStore``).
public func withDeadline<T: Sendable>(
    _ duration: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let race = DeadlineRace<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            race.start(continuation)
            let work = Task {
                do { race.finish(.success(try await operation())) } catch { race.finish(.failure(error)) }
            }
            let timer = Task {
                try? await Task.sleep(for: duration)
                if race.finish(.failure(StoreError(.timedOut, "no answer within \(duration)"))) { work.cancel() }
            }
            race.onFinish { work.cancel(); timer.cancel() }
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

/// The one continuation of a ``withDeadline(_:_:)`` call, resumed by whichever side comes first.
private final class DeadlineRace<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var result: Result<T, any Error>?
        var cleanup: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        let early = state.withLock { state -> Result<T, any Error>? in
            if let result = state.result { return result }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Registers what to cancel once the race is decided (at once if it already is).
    func onFinish(_ cleanup: @escaping @Sendable () -> Void) {
        let decided = state.withLock { state -> Bool in
            if state.result != nil { return true }
            state.cleanup = cleanup
            return false
        }
        if decided { cleanup() }
    }

    /// Returns whether this call decided the race.
    @discardableResult
    func finish(_ result: Result<T, any Error>) -> Bool {
        let winner = state.withLock { state -> (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?)? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.continuation = nil; state.cleanup = nil }
            return (state.continuation, state.cleanup)
        }
        guard let winner else { return false }
        winner.0?.resume(with: result)
        winner.1?()
        return true
    }
}
