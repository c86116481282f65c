import Foundation

/// One parser that faces the network, driven by libFuzzer's bytes exactly as the server feeds
/// it. `run` must return for every input: a crash, a Swift runtime trap or a hang is a finding.
struct FuzzTarget: Sendable {
    let name: String
    let run: @Sendable (Data) -> Void
    /// Small real inputs made with the project's own code: the committed corpus.
    let seeds: @Sendable () throws -> [String: Data]

    static let all: [FuzzTarget] = [
        SAMLTargets.query, SAMLTargets.deflate, SAMLTargets.post, FederationTarget.response,
        OIDCTargets.clientAssertion, OIDCTargets.idTokenHint,
        FormTarget.formBody,
        EIDTarget.soap,
    ]

    static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }

    static func writeSeeds(to directory: URL) throws {
        for target in all {
            let folder = directory.appendingPathComponent(target.name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, data) in try target.seeds() {
                try data.write(to: folder.appendingPathComponent(name))
            }
        }
    }
}

/// The instant every target validates at, so the committed seeds stay fresh.
let fuzzNow = Date(timeIntervalSince1970: 1_800_000_000)

/// Runs async code from libFuzzer's synchronous callback (the verifiers of JWTKit are async;
/// nothing they await blocks on this thread).
func blocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let box = BlockingResult<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        box.value = await body()
        done.signal()
    }
    done.wait()
    return box.value!
}

/// Written by the task before the semaphore is signalled, read after the wait: never at once.
private final class BlockingResult<T>: @unchecked Sendable {
    var value: T?
}
